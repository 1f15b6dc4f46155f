use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// HashiCorp Vault legacy service tokens: `s.` and 24 base62 characters assigned to a
    /// Vault token variable (pre-1.10 format).
    ///
    /// ## Why it matters
    /// A service token reads every secret its policies allow until it expires. Anyone who can
    /// read the repository — every clone, fork, CI log and backup, and the git history after
    /// the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the legacy service token with `vault token revoke`, issue a new one, and give
    /// it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// VAULT_TOKEN = "s.AjAd…"
    /// # after
    /// VAULT_TOKEN = os.environ["VAULT_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - HashiCorp Vault docs: "Tokens" (token prefixes `hvs.`, `hvb.`, `hvr.`)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static VAULT_LEGACY_TOKEN {
        id: "SEC132",
        name: "vault-legacy-token",
        severity: High,
        summary: "HashiCorp Vault legacy service token",
        remediation: "Revoke the legacy service token with `vault token revoke`, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["vault"],
            pattern: r#"(?i)vault[A-Za-z0-9_.\-]*token[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>s\.[A-Za-z0-9]{24})\b"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
