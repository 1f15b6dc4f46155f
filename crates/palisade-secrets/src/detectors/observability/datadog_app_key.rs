use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Datadog application keys: 40 hex characters assigned to a Datadog application key
    /// variable (`DD_APP_KEY`).
    ///
    /// ## Why it matters
    /// With the API key, an application key reads everything the user can: logs (with
    /// whatever secrets they leaked), traces, monitors. Anyone who can read the repository —
    /// every clone, fork, CI log and backup, and the git history after the line is deleted —
    /// holds it.
    ///
    /// ## How to fix
    /// Revoke the application key in Datadog (Organization settings → Application keys),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// DD_APP_KEY = "657f1ff1e1…"
    /// # after
    /// DD_APP_KEY = os.environ["DD_APP_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Datadog docs: "API and application keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DATADOG_APP_KEY {
        id: "SEC161",
        name: "datadog-application-key",
        severity: High,
        summary: "Datadog application key",
        remediation: "Revoke the application key in Datadog (Organization settings → Application keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["dd_app", "dd-app", "ddapp", "datadog"],
            pattern: r#"(?i)(?:dd|datadog)[_.\-]?app(?:lication)?[_.\-]?key[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[a-f0-9]{40})\b"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
