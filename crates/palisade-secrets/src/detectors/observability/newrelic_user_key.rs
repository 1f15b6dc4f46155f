use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// New Relic user API keys: `NRAK-` followed by 27 uppercase letters and digits.
    ///
    /// ## Why it matters
    /// A user key queries all data of the accounts its user can reach through NerdGraph and
    /// changes their configuration. Anyone who can read the repository — every clone, fork,
    /// CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the user API key in New Relic (API keys → Delete), issue a new one, and give it
    /// to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// NEW_RELIC_API_KEY = "NRAK-DN6…"
    /// # after
    /// NEW_RELIC_API_KEY = os.environ["NEW_RELIC_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - New Relic docs: "New Relic API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static NEWRELIC_USER_KEY {
        id: "SEC162",
        name: "newrelic-user-api-key",
        severity: High,
        summary: "New Relic user API key",
        remediation: "Revoke the user API key in New Relic (API keys → Delete), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["nrak-"],
            pattern: r#"\b(?P<secret>NRAK-[A-Z0-9]{27})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
