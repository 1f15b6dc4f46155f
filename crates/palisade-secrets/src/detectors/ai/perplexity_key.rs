use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Perplexity API keys: `pplx-` followed by 48 base62 characters.
    ///
    /// ## Why it matters
    /// The key calls the API billed to the account. Anyone who can read the repository —
    /// every clone, fork, CI log and backup, and the git history after the line is deleted —
    /// holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in Perplexity (Settings → API), issue a new one, and give it to the
    /// application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// PERPLEXITY_API_KEY = "pplx-YT14oq6a…"
    /// # after
    /// PERPLEXITY_API_KEY = os.environ["PERPLEXITY_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Perplexity docs: "API key management"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PERPLEXITY_KEY {
        id: "SEC187",
        name: "perplexity-api-key",
        severity: High,
        summary: "Perplexity API key",
        remediation: "Revoke the API key in Perplexity (Settings → API), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["pplx-"],
            pattern: r#"\b(?P<secret>pplx-[A-Za-z0-9]{48})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
