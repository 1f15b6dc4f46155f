use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// New Relic browser API keys: `NRJS-` followed by 19 hex characters (shipped to browsers
    /// by design; reported for inventory).
    ///
    /// ## Why it matters
    /// A browser key only submits browser monitoring data, but it should be the account's
    /// intended public key. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the browser API key in New Relic (API keys), issue a new one, and give it to
    /// the application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// NEW_RELIC_BROWSER_KEY = "NRJS-0…"
    /// # after
    /// NEW_RELIC_BROWSER_KEY = os.environ["NEW_RELIC_BROWSER_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - New Relic docs: "New Relic API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static NEWRELIC_BROWSER_KEY {
        id: "SEC165",
        name: "newrelic-browser-key",
        severity: Low,
        summary: "New Relic browser API key",
        remediation: "Revoke the browser API key in New Relic (API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["nrjs-"],
            pattern: r#"\b(?P<secret>NRJS-[a-f0-9]{19})\b"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
