use crate::detectors::common::crc32_checksum;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// npm access tokens: `npm_` followed by 36 base62 characters whose last six are the
    /// CRC32 checksum of the first thirty (verified).
    ///
    /// ## Why it matters
    /// A publish-capable token lets anyone push a new version of every package its user
    /// maintains: a supply-chain attack on everyone who installs them. Anyone who can read
    /// the repository — every clone, fork, CI log and backup, and the git history after the
    /// line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the access token on npmjs.com (Access Tokens) or with `npm token revoke`, issue
    /// a new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// NPM_TOKEN = "npm_7yY0Mp…"
    /// # after
    /// NPM_TOKEN = os.environ["NPM_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - npm docs: "About access tokens"; GitHub blog 2021-09-23 "Announcing npm's new access token format"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static NPM_TOKEN {
        id: "SEC110",
        name: "npm-access-token",
        severity: Critical,
        summary: "npm access token",
        remediation: "Revoke the access token on npmjs.com (Access Tokens) or with `npm token revoke`, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["npm_"],
            pattern: r#"\b(?P<secret>npm_[A-Za-z0-9]{36})"#,
            validate: Some(crc32_checksum),
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
