use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Anthropic API keys: `sk-ant-api03-` followed by 93 URL-safe characters and `AA`.
    ///
    /// ## Why it matters
    /// The key calls the API as the workspace and runs up the bill of the account (model
    /// usage is billed per token), and reads its stored files, fine-tunes and conversations
    /// where the API keeps them. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in the Anthropic Console (API keys), issue a new one, and give it
    /// to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// ANTHROPIC_API_KEY = "sk-ant-api03-5TDDOSKjIe7Jll…"
    /// # after
    /// ANTHROPIC_API_KEY = os.environ["ANTHROPIC_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Anthropic docs: "API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ANTHROPIC_KEY {
        id: "SEC181",
        name: "anthropic-api-key",
        severity: Critical,
        summary: "Anthropic API key",
        remediation: "Revoke the API key in the Anthropic Console (API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sk-ant-api"],
            pattern: r#"\b(?P<secret>sk-ant-api0[0-9]-[A-Za-z0-9_\-]{93}AA)"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
