use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Stripe webhook signing secrets: `whsec_` followed by at least 32 base64 characters.
    ///
    /// ## Why it matters
    /// With the signing secret an attacker forges webhook events that the application trusts:
    /// a `payment_intent.succeeded` for an order never paid. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the webhook signing secret in the Stripe dashboard (Developers → Webhooks →
    /// Roll secret), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// STRIPE_WEBHOOK_SECRET = "whsec_uFQ…"
    /// # after
    /// STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Stripe docs: "API keys" (key types, rolling keys)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static STRIPE_WEBHOOK_SECRET {
        id: "SEC073",
        name: "stripe-webhook-signing-secret",
        severity: High,
        summary: "Stripe webhook signing secret",
        remediation: "Revoke the webhook signing secret in the Stripe dashboard (Developers → Webhooks → Roll secret), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["whsec_"],
            pattern: r#"\b(?P<secret>whsec_[A-Za-z0-9+/]{32,88}={0,2})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
