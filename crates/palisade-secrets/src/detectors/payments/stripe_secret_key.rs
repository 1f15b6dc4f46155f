use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Stripe live secret keys: `sk_live_` followed by at least 24 base62 characters.
    ///
    /// ## Why it matters
    /// A live secret key moves real money: charges, refunds, payouts to any bank account, and
    /// reads every customer and card fingerprint of the account. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the live secret key in the Stripe dashboard (Developers → API keys → Roll key),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// STRIPE_SECRET_KEY = "sk_live_Yw60LuufpuqLhnYYay…"
    /// # after
    /// STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Stripe docs: "API keys" (key types, rolling keys)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static STRIPE_SECRET_KEY {
        id: "SEC070",
        name: "stripe-live-secret-key",
        severity: Critical,
        summary: "Stripe live secret key",
        remediation: "Revoke the live secret key in the Stripe dashboard (Developers → API keys → Roll key), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sk_live_"],
            pattern: r#"\b(?P<secret>sk_live_[0-9A-Za-z]{24,247})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
