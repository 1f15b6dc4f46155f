use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Netlify personal access tokens: `nfp_` followed by 36 base62 characters.
    ///
    /// ## Why it matters
    /// The token deploys sites and reads their environment variables for every team of its
    /// user. Anyone who can read the repository — every clone, fork, CI log and backup, and
    /// the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the personal access token in Netlify (User settings → Applications → Personal
    /// access tokens), issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// NETLIFY_AUTH_TOKEN = "nfp_zkRCpH…"
    /// # after
    /// NETLIFY_AUTH_TOKEN = os.environ["NETLIFY_AUTH_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Netlify docs: "Get started with the Netlify API" (authentication)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static NETLIFY_TOKEN {
        id: "SEC155",
        name: "netlify-access-token",
        severity: High,
        summary: "Netlify personal access token",
        remediation: "Revoke the personal access token in Netlify (User settings → Applications → Personal access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["nfp_"],
            pattern: r#"\b(?P<secret>nfp_[A-Za-z0-9]{36})"#,
            boundary: true,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
