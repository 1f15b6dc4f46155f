use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Stripe live restricted keys: `rk_live_` followed by at least 24 base62 characters.
    ///
    /// ## Why it matters
    /// A restricted key has the permissions it was created with on the live account — often
    /// read access to customers and payments. Anyone who can read the repository — every
    /// clone, fork, CI log and backup, and the git history after the line is deleted — holds
    /// it.
    ///
    /// ## How to fix
    /// Revoke the live restricted key in the Stripe dashboard (Developers → API keys), issue
    /// a new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// STRIPE_API_KEY = "rk_live_YZJyAhL06D7Rlytull…"
    /// # after
    /// STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Stripe docs: "API keys" (key types, rolling keys)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static STRIPE_RESTRICTED_KEY {
        id: "SEC071",
        name: "stripe-live-restricted-key",
        severity: High,
        summary: "Stripe live restricted key",
        remediation: "Revoke the live restricted key in the Stripe dashboard (Developers → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["rk_live_"],
            pattern: r#"\b(?P<secret>rk_live_[0-9A-Za-z]{24,247})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
