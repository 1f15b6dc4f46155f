use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Render API keys: `rnd_` followed by 32 base62 characters.
    ///
    /// ## Why it matters
    /// The key deploys, reads environment variables of, and deletes the workspace's services.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in the Render dashboard (Account settings → API keys), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// RENDER_API_KEY = "rnd_hGvzl…"
    /// # after
    /// RENDER_API_KEY = os.environ["RENDER_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Render docs: "The Render API" (authentication)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static RENDER_KEY {
        id: "SEC156",
        name: "render-api-key",
        severity: High,
        summary: "Render API key",
        remediation: "Revoke the API key in the Render dashboard (Account settings → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["rnd_"],
            pattern: r#"\b(?P<secret>rnd_[A-Za-z0-9]{32})"#,
            boundary: true,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
