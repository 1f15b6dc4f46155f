use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// New Relic insert keys: `NRII-` followed by 32 URL-safe characters.
    ///
    /// ## Why it matters
    /// An insert key writes arbitrary events into the account. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the insert key in New Relic (API keys), issue a new one, and give it to the
    /// application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// NEW_RELIC_INSERT_KEY = "NRII-6w-K…"
    /// # after
    /// NEW_RELIC_INSERT_KEY = os.environ["NEW_RELIC_INSERT_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - New Relic docs: "New Relic API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static NEWRELIC_INSERT_KEY {
        id: "SEC163",
        name: "newrelic-insert-key",
        severity: Medium,
        summary: "New Relic insert key",
        remediation: "Revoke the insert key in New Relic (API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["nrii-"],
            pattern: r#"\b(?P<secret>NRII-[A-Za-z0-9_\-]{32})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
