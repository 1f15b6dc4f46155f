use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Hugging Face organization API tokens: `api_org_` followed by 34 letters.
    ///
    /// ## Why it matters
    /// The token acts on the organization's private models and datasets. Anyone who can read
    /// the repository — every clone, fork, CI log and backup, and the git history after the
    /// line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the organization API token in the organization's settings on Hugging Face,
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// HF_ORG_TOKEN = "api_org_Zh…"
    /// # after
    /// HF_ORG_TOKEN = os.environ["HF_ORG_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Hugging Face docs: "User access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static HUGGINGFACE_ORG_TOKEN {
        id: "SEC184",
        name: "huggingface-org-token",
        severity: High,
        summary: "Hugging Face organization API token",
        remediation: "Revoke the organization API token in the organization's settings on Hugging Face, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["api_org_"],
            pattern: r#"\b(?P<secret>api_org_[A-Za-z]{34})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
