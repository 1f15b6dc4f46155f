use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Plaid access tokens: `access-sandbox-`, `access-development-` or `access-production-`
    /// followed by a UUID.
    ///
    /// ## Why it matters
    /// An access token reads the linked bank account's balances, transactions and identity
    /// data. Anyone who can read the repository — every clone, fork, CI log and backup, and
    /// the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the access token with `/item/remove` (and rotate the client secret), issue a
    /// new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// PLAID_ACCESS_TOKEN = "access-produc…"
    /// # after
    /// PLAID_ACCESS_TOKEN = os.environ["PLAID_ACCESS_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Plaid docs: "Items" and "/item/remove"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PLAID_ACCESS_TOKEN {
        id: "SEC080",
        name: "plaid-access-token",
        severity: Critical,
        summary: "Plaid access token",
        remediation: "Revoke the access token with `/item/remove` (and rotate the client secret), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["access-production-", "access-development-", "access-sandbox-"],
            pattern: r#"\b(?P<secret>access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
