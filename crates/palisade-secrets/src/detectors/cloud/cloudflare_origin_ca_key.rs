use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Cloudflare Origin CA keys: `v1.0-`, 24 hex characters, `-`, 146 hex characters.
    ///
    /// ## Why it matters
    /// The key issues and revokes origin certificates for the account's zones. Anyone who can
    /// read the repository — every clone, fork, CI log and backup, and the git history after
    /// the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the Origin CA key in the Cloudflare dashboard (My profile → API tokens → Origin
    /// CA key), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// CF_ORIGIN_CA_KEY = "v1.0-5107472df4429d38fc399be5-e1e25c2df7e47d…"
    /// # after
    /// CF_ORIGIN_CA_KEY = os.environ["CF_ORIGIN_CA_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Cloudflare docs: "Origin CA"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static CLOUDFLARE_ORIGIN_CA_KEY {
        id: "SEC143",
        name: "cloudflare-origin-ca-key",
        severity: High,
        summary: "Cloudflare Origin CA key",
        remediation: "Revoke the Origin CA key in the Cloudflare dashboard (My profile → API tokens → Origin CA key), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["v1.0-"],
            pattern: r#"\b(?P<secret>v1\.0-[a-f0-9]{24}-[a-f0-9]{146})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
