use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Datadog API keys: 32 hex characters assigned to a Datadog API key variable
    /// (`DD_API_KEY`, `datadog_api_key`).
    ///
    /// ## Why it matters
    /// The API key submits metrics, logs and events to the organization (poisoning dashboards
    /// and alerts) and is the first half of full API access. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in Datadog (Organization settings → API keys → Revoke), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// DD_API_KEY = "3ac5bf6d…"
    /// # after
    /// DD_API_KEY = os.environ["DD_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Datadog docs: "API and application keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DATADOG_API_KEY {
        id: "SEC160",
        name: "datadog-api-key",
        severity: High,
        summary: "Datadog API key",
        remediation: "Revoke the API key in Datadog (Organization settings → API keys → Revoke), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["dd_api", "dd-api", "ddapi", "datadog"],
            pattern: r#"(?i)(?:dd|datadog)[_.\-]?api[_.\-]?key[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[a-f0-9]{32})\b"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
