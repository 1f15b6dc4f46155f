use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Shopify app shared secrets: `shpss_` followed by 32 hex characters.
    ///
    /// ## Why it matters
    /// The shared secret signs webhooks and OAuth exchanges: with it an attacker forges
    /// webhook calls and installs. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the app shared secret in the Shopify admin (Apps → Develop apps → the app → API
    /// credentials), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SHOPIFY_TOKEN = "shpss_63a…"
    /// # after
    /// SHOPIFY_TOKEN = os.environ["SHOPIFY_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Shopify docs: "About authentication and authorization" (access token prefixes)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SHOPIFY_SHARED_SECRET {
        id: "SEC085",
        name: "shopify-shared-secret",
        severity: High,
        summary: "Shopify app shared secret",
        remediation: "Revoke the app shared secret in the Shopify admin (Apps → Develop apps → the app → API credentials), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["shpss_"],
            pattern: r#"\b(?P<secret>shpss_[a-fA-F0-9]{32})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
