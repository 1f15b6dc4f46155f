use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// DigitalOcean OAuth tokens: `doo_v1_` followed by 64 hex characters.
    ///
    /// ## Why it matters
    /// The OAuth token acts on the team's resources with the application's scope. Anyone who
    /// can read the repository — every clone, fork, CI log and backup, and the git history
    /// after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the OAuth token in the DigitalOcean control panel (API → Tokens), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// DIGITALOCEAN_TOKEN = "doo_v1_25da67fb0c…"
    /// # after
    /// DIGITALOCEAN_TOKEN = os.environ["DIGITALOCEAN_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - DigitalOcean docs: "How to create a personal access token" (token prefixes)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DIGITALOCEAN_OAUTH {
        id: "SEC137",
        name: "digitalocean-oauth-token",
        severity: High,
        summary: "DigitalOcean OAuth token",
        remediation: "Revoke the OAuth token in the DigitalOcean control panel (API → Tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["doo_v1_"],
            pattern: r#"\b(?P<secret>doo_v1_[a-f0-9]{64})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
