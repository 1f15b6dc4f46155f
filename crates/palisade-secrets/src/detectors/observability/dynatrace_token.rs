use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Dynatrace API tokens: `dt0c01.`, 24 uppercase characters, `.`, 64 uppercase
    /// characters.
    ///
    /// ## Why it matters
    /// The token reads monitoring data and changes configuration of the environment with its
    /// scopes. Anyone who can read the repository — every clone, fork, CI log and backup, and
    /// the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API token in Dynatrace (Access tokens), issue a new one, and give it to the
    /// application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// DT_API_TOKEN = "dt0c01.9Y0H3LYTULLLIOJ9P…"
    /// # after
    /// DT_API_TOKEN = os.environ["DT_API_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Dynatrace docs: "Access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DYNATRACE_TOKEN {
        id: "SEC170",
        name: "dynatrace-api-token",
        severity: High,
        summary: "Dynatrace API token",
        remediation: "Revoke the API token in Dynatrace (Access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["dt0c01."],
            pattern: r#"\b(?P<secret>dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
