use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Scalingo API tokens: `tk-us-` followed by 48 URL-safe characters.
    ///
    /// ## Why it matters
    /// The token deploys and reads environment variables of the user's apps. Anyone who can
    /// read the repository — every clone, fork, CI log and backup, and the git history after
    /// the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API token in the Scalingo dashboard (Profile → API tokens), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SCALINGO_API_TOKEN = "tk-us-YsWzlcp…"
    /// # after
    /// SCALINGO_API_TOKEN = os.environ["SCALINGO_API_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Scalingo docs: "API tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SCALINGO_TOKEN {
        id: "SEC150",
        name: "scalingo-api-token",
        severity: High,
        summary: "Scalingo API token",
        remediation: "Revoke the API token in the Scalingo dashboard (Profile → API tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["tk-us-"],
            pattern: r#"\b(?P<secret>tk-us-[A-Za-z0-9_\-]{48})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
