use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Shopify Admin API access tokens: `shpat_` followed by 32 hex characters.
    ///
    /// ## Why it matters
    /// An Admin API token reads and changes the shop's orders, customers, products and,
    /// depending on its scopes, its theme code. Anyone who can read the repository — every
    /// clone, fork, CI log and backup, and the git history after the line is deleted — holds
    /// it.
    ///
    /// ## How to fix
    /// Revoke the Admin API access token in the Shopify admin (Apps → Develop apps → the app
    /// → API credentials), issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// SHOPIFY_TOKEN = "shpat_4f9…"
    /// # after
    /// SHOPIFY_TOKEN = os.environ["SHOPIFY_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Shopify docs: "About authentication and authorization" (access token prefixes)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SHOPIFY_ACCESS_TOKEN {
        id: "SEC082",
        name: "shopify-access-token",
        severity: High,
        summary: "Shopify Admin API access token",
        remediation: "Revoke the Admin API access token in the Shopify admin (Apps → Develop apps → the app → API credentials), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["shpat_"],
            pattern: r#"\b(?P<secret>shpat_[a-fA-F0-9]{32})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
