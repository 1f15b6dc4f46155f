use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Mailchimp API keys: 32 hex characters followed by the data-centre suffix `-us<N>`.
    ///
    /// ## Why it matters
    /// The key reads and exports audiences (customer e-mail lists) and sends campaigns.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in Mailchimp (Account → Extras → API keys), issue a new one, and
    /// give it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// MAILCHIMP_API_KEY = "0450631fe…"
    /// # after
    /// MAILCHIMP_API_KEY = os.environ["MAILCHIMP_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Mailchimp docs: "About API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static MAILCHIMP_KEY {
        id: "SEC094",
        name: "mailchimp-api-key",
        severity: High,
        summary: "Mailchimp API key",
        remediation: "Revoke the API key in Mailchimp (Account → Extras → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["-us"],
            pattern: r#"\b(?P<secret>[0-9a-f]{32}-us[0-9]{1,2})\b"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
