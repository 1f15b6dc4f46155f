use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Replicate API tokens: `r8_` followed by 37 base62 characters.
    ///
    /// ## Why it matters
    /// The token runs models billed to the account and runs up the bill of the account (model
    /// usage is billed per token), and reads its stored files, fine-tunes and conversations
    /// where the API keeps them. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API token in Replicate (Account → API tokens), issue a new one, and give it
    /// to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// REPLICATE_API_TOKEN = "r8_vQA3JXC…"
    /// # after
    /// REPLICATE_API_TOKEN = os.environ["REPLICATE_API_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Replicate docs: "Authentication"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static REPLICATE_TOKEN {
        id: "SEC185",
        name: "replicate-api-token",
        severity: High,
        summary: "Replicate API token",
        remediation: "Revoke the API token in Replicate (Account → API tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["r8_"],
            pattern: r#"\b(?P<secret>r8_[A-Za-z0-9]{37})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
