use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// PlanetScale service token or passwords: `pscale_tkn_`, `pscale_pw_` or `pscale_oauth_`
    /// followed by 32–64 URL-safe characters.
    ///
    /// ## Why it matters
    /// A password connects to the database branch; a service token administers the
    /// organization's databases. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the service token or password in the PlanetScale dashboard (Passwords / Service
    /// tokens), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// PLANETSCALE_PASSWORD = "pscale_pw_ZeZ…"
    /// # after
    /// PLANETSCALE_PASSWORD = os.environ["PLANETSCALE_PASSWORD"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - PlanetScale docs: "Service tokens" and "Passwords"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PLANETSCALE_TOKEN {
        id: "SEC147",
        name: "planetscale-token",
        severity: High,
        summary: "PlanetScale service token or password",
        remediation: "Revoke the service token or password in the PlanetScale dashboard (Passwords / Service tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["pscale_"],
            pattern: r#"\b(?P<secret>pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.\-]{32,64})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
