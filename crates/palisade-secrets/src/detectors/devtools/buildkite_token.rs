use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Buildkite API access tokens: `bkua_` followed by 40 hex characters.
    ///
    /// ## Why it matters
    /// The token triggers builds and reads build logs of the organization. Anyone who can
    /// read the repository — every clone, fork, CI log and backup, and the git history after
    /// the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API access token in Buildkite (Personal settings → API access tokens),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// BUILDKITE_API_TOKEN = "bkua_1f3fe1…"
    /// # after
    /// BUILDKITE_API_TOKEN = os.environ["BUILDKITE_API_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Buildkite docs: "Managing API access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static BUILDKITE_TOKEN {
        id: "SEC195",
        name: "buildkite-api-token",
        severity: High,
        summary: "Buildkite API access token",
        remediation: "Revoke the API access token in Buildkite (Personal settings → API access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["bkua_"],
            pattern: r#"\b(?P<secret>bkua_[a-f0-9]{40})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
