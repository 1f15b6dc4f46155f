use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Stripe test-mode secret keys: `sk_test_` followed by at least 24 base62 characters
    /// (Stripe's own documentation key is not reported).
    ///
    /// ## Why it matters
    /// A test key moves no money, but it reads and changes the test-mode data of the account
    /// and tells an attacker which account to phish. Anyone who can read the repository —
    /// every clone, fork, CI log and backup, and the git history after the line is deleted —
    /// holds it.
    ///
    /// ## How to fix
    /// Revoke the test-mode secret key in the Stripe dashboard (test mode → API keys), issue
    /// a new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// STRIPE_SECRET_KEY = "sk_test_wmnt2wVd7zDJC09nKV…"
    /// # after
    /// STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Stripe docs: "API keys" (key types, rolling keys)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static STRIPE_TEST_SECRET_KEY {
        id: "SEC072",
        name: "stripe-test-secret-key",
        severity: Low,
        summary: "Stripe test-mode secret key",
        remediation: "Revoke the test-mode secret key in the Stripe dashboard (test mode → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sk_test_"],
            pattern: r#"\b(?P<secret>sk_test_[0-9A-Za-z]{24,247})"#,
            boundary: true,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
