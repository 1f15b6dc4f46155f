use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Shopify custom app access tokens: `shpca_` followed by 32 hex characters.
    ///
    /// ## Why it matters
    /// A custom app token acts on the shop with the app's Admin API scopes. Anyone who can
    /// read the repository — every clone, fork, CI log and backup, and the git history after
    /// the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the custom app access token in the Shopify admin (Apps → Develop apps → the app
    /// → API credentials), issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// SHOPIFY_TOKEN = "shpca_fe2…"
    /// # after
    /// SHOPIFY_TOKEN = os.environ["SHOPIFY_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Shopify docs: "About authentication and authorization" (access token prefixes)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SHOPIFY_CUSTOM_APP_TOKEN {
        id: "SEC083",
        name: "shopify-custom-app-token",
        severity: High,
        summary: "Shopify custom app access token",
        remediation: "Revoke the custom app access token in the Shopify admin (Apps → Develop apps → the app → API credentials), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["shpca_"],
            pattern: r#"\b(?P<secret>shpca_[a-fA-F0-9]{32})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
