use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// xAI API keys: `xai-` followed by 80 base62 characters.
    ///
    /// ## Why it matters
    /// The key calls the API billed to the team. Anyone who can read the repository — every
    /// clone, fork, CI log and backup, and the git history after the line is deleted — holds
    /// it.
    ///
    /// ## How to fix
    /// Revoke the API key in the xAI console (API keys), issue a new one, and give it to the
    /// application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// XAI_API_KEY = "xai-E0VrjKJh9zVaHaRcK…"
    /// # after
    /// XAI_API_KEY = os.environ["XAI_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - xAI docs: "API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static XAI_KEY {
        id: "SEC188",
        name: "xai-api-key",
        severity: High,
        summary: "xAI API key",
        remediation: "Revoke the API key in the xAI console (API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["xai-"],
            pattern: r#"\b(?P<secret>xai-[A-Za-z0-9]{80})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
