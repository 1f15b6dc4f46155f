use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Shopify private app access tokens: `shppa_` followed by 32 hex characters.
    ///
    /// ## Why it matters
    /// A private app token acts on the shop with the private app's permissions. Anyone who
    /// can read the repository — every clone, fork, CI log and backup, and the git history
    /// after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the private app access token in the Shopify admin (Apps → Develop apps → the
    /// app → API credentials), issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// SHOPIFY_TOKEN = "shppa_91f…"
    /// # after
    /// SHOPIFY_TOKEN = os.environ["SHOPIFY_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Shopify docs: "About authentication and authorization" (access token prefixes)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SHOPIFY_PRIVATE_APP_TOKEN {
        id: "SEC084",
        name: "shopify-private-app-token",
        severity: High,
        summary: "Shopify private app access token",
        remediation: "Revoke the private app access token in the Shopify admin (Apps → Develop apps → the app → API credentials), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["shppa_"],
            pattern: r#"\b(?P<secret>shppa_[a-fA-F0-9]{32})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
