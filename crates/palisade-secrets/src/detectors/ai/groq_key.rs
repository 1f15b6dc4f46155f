use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Groq API keys: `gsk_` followed by 52 base62 characters.
    ///
    /// ## Why it matters
    /// The key calls the API billed to the account. Anyone who can read the repository —
    /// every clone, fork, CI log and backup, and the git history after the line is deleted —
    /// holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in the Groq console (API keys), issue a new one, and give it to the
    /// application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// GROQ_API_KEY = "gsk_w0EZLjLZb0…"
    /// # after
    /// GROQ_API_KEY = os.environ["GROQ_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Groq docs: "API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GROQ_KEY {
        id: "SEC186",
        name: "groq-api-key",
        severity: High,
        summary: "Groq API key",
        remediation: "Revoke the API key in the Groq console (API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["gsk_"],
            pattern: r#"\b(?P<secret>gsk_[A-Za-z0-9]{52})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
