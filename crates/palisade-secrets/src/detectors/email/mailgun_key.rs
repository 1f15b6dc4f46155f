use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Mailgun API keys: `key-` and 32 hex characters, or `<32 hex>-<8 hex>-<8 hex>`, within
    /// three lines of a mention of Mailgun.
    ///
    /// ## Why it matters
    /// The key sends mail from the account's domains and reads stored messages and logs.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in the Mailgun dashboard (API Security), issue a new one, and give
    /// it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// MAILGUN_API_KEY = "24bc8deddb43…"
    /// # after
    /// MAILGUN_API_KEY = os.environ["MAILGUN_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Mailgun docs: "API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static MAILGUN_KEY {
        id: "SEC093",
        name: "mailgun-api-key",
        severity: High,
        summary: "Mailgun API key",
        remediation: "Revoke the API key in the Mailgun dashboard (API Security), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["mailgun"],
            pattern: r#"\b(?P<secret>key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})\b"#,
            lines_before: 3,
            lines_after: 3,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
