use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Brevo (Sendinblue) API or SMTP keys: `xkeysib-` or `xsmtpsib-`, 64 hex characters, `-`
    /// and 16 base62 characters.
    ///
    /// ## Why it matters
    /// The key sends e-mail and SMS as the company and reads contact lists. Anyone who can
    /// read the repository — every clone, fork, CI log and backup, and the git history after
    /// the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API or SMTP key in Brevo (SMTP & API → API keys), issue a new one, and give
    /// it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// BREVO_API_KEY = "xkeysib-1f3fe196d5c0fa…"
    /// # after
    /// BREVO_API_KEY = os.environ["BREVO_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Brevo docs: "Manage your API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static BREVO_KEY {
        id: "SEC095",
        name: "brevo-api-key",
        severity: High,
        summary: "Brevo (Sendinblue) API or SMTP key",
        remediation: "Revoke the API or SMTP key in Brevo (SMTP & API → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["xkeysib-", "xsmtpsib-"],
            pattern: r#"\b(?P<secret>x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
