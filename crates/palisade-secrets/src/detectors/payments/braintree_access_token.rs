use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Braintree (PayPal) production access tokens: `access_token$production$<merchant>$<32
    /// hex>`.
    ///
    /// ## Why it matters
    /// The token runs transactions and refunds and reads vaulted payment methods of the
    /// merchant. Anyone who can read the repository — every clone, fork, CI log and backup,
    /// and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the production access token in the Braintree control panel (API keys), issue a
    /// new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// BRAINTREE_ACCESS_TOKEN = "access_token$produ…"
    /// # after
    /// BRAINTREE_ACCESS_TOKEN = os.environ["BRAINTREE_ACCESS_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Braintree docs: "API credentials"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static BRAINTREE_ACCESS_TOKEN {
        id: "SEC076",
        name: "braintree-access-token",
        severity: Critical,
        summary: "Braintree (PayPal) production access token",
        remediation: "Revoke the production access token in the Braintree control panel (API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["access_token$production$"],
            pattern: r#"(?P<secret>access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
