use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Linear API keys: `lin_api_` followed by 40 base62 characters.
    ///
    /// ## Why it matters
    /// The key reads and changes every issue, project and comment the user can see. Anyone
    /// who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in Linear (Settings → API → Personal API keys), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// LINEAR_API_KEY = "lin_api_x1tf…"
    /// # after
    /// LINEAR_API_KEY = os.environ["LINEAR_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Linear developers docs: "Authentication"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static LINEAR_KEY {
        id: "SEC191",
        name: "linear-api-key",
        severity: High,
        summary: "Linear API key",
        remediation: "Revoke the API key in Linear (Settings → API → Personal API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["lin_api_"],
            pattern: r#"\b(?P<secret>lin_api_[A-Za-z0-9]{40})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
