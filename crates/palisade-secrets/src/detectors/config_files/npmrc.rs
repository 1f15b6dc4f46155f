use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// `_authToken=`, `_auth=` and `_password=` settings of `.npmrc` files (scoped or global)
    /// holding a literal value rather than `${NPM_TOKEN}`.
    ///
    /// ## Why it matters
    /// The token publishes packages (or reads private ones) on the registry as its user.
    ///
    /// ## How to fix
    /// Revoke the token and reference an environment variable instead:
    /// `//registry.npmjs.org/:_authToken=${NPM_TOKEN}`.
    /// ```text
    /// # before
    /// //registry.npmjs.org/:_authToken=npm_...
    /// # after
    /// //registry.npmjs.org/:_authToken=${NPM_TOKEN}
    /// ```
    ///
    /// ## References
    /// - npm docs: "npmrc" (auth-related configuration)
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static NPMRC {
        id: "SEC284",
        name: "npmrc-auth",
        severity: High,
        summary: "registry credentials in .npmrc",
        remediation: "Revoke the token, and write .npmrc in CI from a masked secret (`//registry/:_authToken=${NPM_TOKEN}`).",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["_authtoken", "_auth", "_password"],
            pattern: r#"(?m)_(?:authToken|auth|password)[ \t]*=[ \t]*["\']?(?P<secret>[^\s"\'$]{8,})"#,
            priority: 0,
            keyword_check: Some(crate::detectors::common::equals_follows),
            ..Spec::DEFAULT
        },
    }
}
