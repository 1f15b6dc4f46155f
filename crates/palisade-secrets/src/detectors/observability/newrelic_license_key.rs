use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// New Relic license (ingest) keys: 36 hex characters followed by `NRAL`.
    ///
    /// ## Why it matters
    /// A license key sends data into the account, which costs money and can bury real alerts.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the license (ingest) key in New Relic (API keys → ingest keys), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// NEW_RELIC_LICENSE_KEY = "398efc32dc…"
    /// # after
    /// NEW_RELIC_LICENSE_KEY = os.environ["NEW_RELIC_LICENSE_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - New Relic docs: "New Relic API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static NEWRELIC_LICENSE_KEY {
        id: "SEC164",
        name: "newrelic-license-key",
        severity: Medium,
        summary: "New Relic license (ingest) key",
        remediation: "Revoke the license (ingest) key in New Relic (API keys → ingest keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["nral"],
            pattern: r#"\b(?P<secret>[a-f0-9]{36}NRAL)\b"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
