use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// LangSmith API keys: `lsv2_pt_` or `lsv2_sk_`, 32 hex characters, `_` and 10 hex
    /// characters.
    ///
    /// ## Why it matters
    /// The key reads traces — the full prompts and answers of the application, with whatever
    /// user data they hold. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in LangSmith (Settings → API keys), issue a new one, and give it to
    /// the application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// LANGSMITH_API_KEY = "lsv2_pt_25ab…"
    /// # after
    /// LANGSMITH_API_KEY = os.environ["LANGSMITH_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - LangSmith docs: "Create an API key"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static LANGSMITH_KEY {
        id: "SEC189",
        name: "langsmith-api-key",
        severity: High,
        summary: "LangSmith API key",
        remediation: "Revoke the API key in LangSmith (Settings → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["lsv2_"],
            pattern: r#"\b(?P<secret>lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
