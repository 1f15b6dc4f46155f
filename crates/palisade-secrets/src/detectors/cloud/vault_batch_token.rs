use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// HashiCorp Vault batch tokens: `hvb.` followed by at least 130 URL-safe characters.
    ///
    /// ## Why it matters
    /// A batch token reads the secrets its policies allow until it expires; it cannot be
    /// revoked individually. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the batch token by revoking its parent token or lease, and shortening batch-
    /// token TTLs, issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// VAULT_TOKEN = "hvb.AAAAAQOVlYKcXpSmvC4_zCgv5A3ib-H3ltiv…"
    /// # after
    /// VAULT_TOKEN = os.environ["VAULT_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - HashiCorp Vault docs: "Tokens" (token prefixes `hvs.`, `hvb.`, `hvr.`)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static VAULT_BATCH_TOKEN {
        id: "SEC131",
        name: "vault-batch-token",
        severity: High,
        summary: "HashiCorp Vault batch token",
        remediation: "Revoke the batch token by revoking its parent token or lease, and shortening batch-token TTLs, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["hvb."],
            pattern: r#"\b(?P<secret>hvb\.[A-Za-z0-9_\-]{130,})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
