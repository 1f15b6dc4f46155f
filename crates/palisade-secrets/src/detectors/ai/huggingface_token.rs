use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Hugging Face user access tokens: `hf_` followed by 34 letters.
    ///
    /// ## Why it matters
    /// A token reads the user's private models and datasets and, with write scope, pushes to
    /// them. Anyone who can read the repository — every clone, fork, CI log and backup, and
    /// the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the user access token in Hugging Face (Settings → Access tokens), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// HF_TOKEN = "hf_rapSSu…"
    /// # after
    /// HF_TOKEN = os.environ["HF_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Hugging Face docs: "User access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static HUGGINGFACE_TOKEN {
        id: "SEC183",
        name: "huggingface-token",
        severity: High,
        summary: "Hugging Face user access token",
        remediation: "Revoke the user access token in Hugging Face (Settings → Access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["hf_"],
            pattern: r#"\b(?P<secret>hf_[A-Za-z]{34})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
