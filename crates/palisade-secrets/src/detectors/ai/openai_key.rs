use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// OpenAI API keys: `sk-` (or `sk-proj-`, `sk-svcacct-`, `sk-admin-`) with `T3BlbkFJ`
    /// (base64 of "OpenAI") inside.
    ///
    /// ## Why it matters
    /// The key calls the API as the project and runs up the bill of the account (model usage
    /// is billed per token), and reads its stored files, fine-tunes and conversations where
    /// the API keeps them. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in the OpenAI platform (API keys), issue a new one, and give it to
    /// the application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// OPENAI_API_KEY = "sk-proj-skbHp5Ferpadryox…"
    /// # after
    /// OPENAI_API_KEY = os.environ["OPENAI_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - OpenAI docs: "Best practices for API key safety"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static OPENAI_KEY {
        id: "SEC180",
        name: "openai-api-key",
        severity: Critical,
        summary: "OpenAI API key",
        remediation: "Revoke the API key in the OpenAI platform (API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["t3blbkfj"],
            pattern: r#"\b(?P<secret>sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
