use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// EasyPost production API keys: `EZAK` followed by 54 base62 characters.
    ///
    /// ## Why it matters
    /// The key buys postage and reads shipment addresses of the account. Anyone who can read
    /// the repository — every clone, fork, CI log and backup, and the git history after the
    /// line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the production API key in the EasyPost dashboard (API keys), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// EASYPOST_API_KEY = "EZAKjfRaNqhLGC…"
    /// # after
    /// EASYPOST_API_KEY = os.environ["EASYPOST_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - EasyPost docs: "Authentication"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static EASYPOST_KEY {
        id: "SEC079",
        name: "easypost-api-key",
        severity: High,
        summary: "EasyPost production API key",
        remediation: "Revoke the production API key in the EasyPost dashboard (API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["ezak"],
            pattern: r#"\b(?P<secret>EZAK[A-Za-z0-9]{54})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
