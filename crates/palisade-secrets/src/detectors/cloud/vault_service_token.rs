use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// HashiCorp Vault service tokens: `hvs.` followed by at least 90 URL-safe characters.
    ///
    /// ## Why it matters
    /// A service token reads every secret its policies allow until it expires — often the
    /// database passwords and cloud credentials of every service. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the service token with `vault token revoke` (and review its accessor's audit
    /// log), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// VAULT_TOKEN = "hvs.CAES2I46cTERCRnATc1dVsd…"
    /// # after
    /// VAULT_TOKEN = os.environ["VAULT_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - HashiCorp Vault docs: "Tokens" (token prefixes `hvs.`, `hvb.`, `hvr.`)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static VAULT_SERVICE_TOKEN {
        id: "SEC130",
        name: "vault-service-token",
        severity: Critical,
        summary: "HashiCorp Vault service token",
        remediation: "Revoke the service token with `vault token revoke` (and review its accessor's audit log), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["hvs."],
            pattern: r#"\b(?P<secret>hvs\.[A-Za-z0-9_\-]{90,})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
