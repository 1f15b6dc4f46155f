use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Microsoft Entra ID client secrets: 3 characters, a digit, `Q~` and 31–34 characters
    /// (the format of secrets issued since 2021).
    ///
    /// ## Why it matters
    /// The client secret authenticates as the application: whatever Graph or Azure RBAC
    /// permissions it holds, from anywhere. Anyone who can read the repository — every clone,
    /// fork, CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the client secret in the Entra admin center (App registrations → Certificates &
    /// secrets → delete), and prefer workload identity federation, issue a new one, and give
    /// it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// AZURE_CLIENT_SECRET = "7X88Q~XxBv…"
    /// # after
    /// AZURE_CLIENT_SECRET = os.environ["AZURE_CLIENT_SECRET"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Microsoft Learn: "Add and manage application credentials in Microsoft Entra ID"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static AD_CLIENT_SECRET {
        id: "SEC023",
        name: "azure-ad-client-secret",
        severity: High,
        summary: "Microsoft Entra ID client secret",
        remediation: "Revoke the client secret in the Entra admin center (App registrations → Certificates & secrets → delete), and prefer workload identity federation, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["q~"],
            pattern: r#"(?:^|[^A-Za-z0-9_~.\-])(?P<secret>[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?:[^A-Za-z0-9_~.\-]|$)"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
