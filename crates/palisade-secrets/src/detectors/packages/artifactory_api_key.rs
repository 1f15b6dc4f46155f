use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// JFrog Artifactory API keys: `AKCp` followed by 69 base62 characters.
    ///
    /// ## Why it matters
    /// The key reads and writes the repositories its user can reach: internal packages,
    /// images, build artifacts. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in the JFrog Platform (User profile → API key; migrate to access
    /// tokens), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// ARTIFACTORY_API_KEY = "AKCpTOltgSxsXbtv4b…"
    /// # after
    /// ARTIFACTORY_API_KEY = os.environ["ARTIFACTORY_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - JFrog docs: "API keys" (deprecated in favour of access tokens)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ARTIFACTORY_API_KEY {
        id: "SEC118",
        name: "artifactory-api-key",
        severity: High,
        summary: "JFrog Artifactory API key",
        remediation: "Revoke the API key in the JFrog Platform (User profile → API key; migrate to access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["akcp"],
            pattern: r#"\b(?P<secret>AKCp[A-Za-z0-9]{69})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
