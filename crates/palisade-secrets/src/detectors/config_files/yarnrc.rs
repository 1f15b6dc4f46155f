use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// `npmAuthToken:` or `npmAuthIdent:` values of Yarn Berry configuration holding a
    /// literal rather than `${NPM_TOKEN}`.
    ///
    /// ## Why it matters
    /// The token publishes or reads packages on the registry as its user.
    ///
    /// ## How to fix
    /// Revoke the token and reference an environment variable: `npmAuthToken:
    /// "${NPM_TOKEN}"`.
    /// ```text
    /// # before
    /// npmAuthToken: npm_...
    /// # after
    /// npmAuthToken: "${NPM_TOKEN}"
    /// ```
    ///
    /// ## References
    /// - Yarn docs: ".yarnrc.yml settings" (npmAuthToken)
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static YARNRC {
        id: "SEC285",
        name: "yarnrc-npm-auth-token",
        severity: High,
        summary: "registry token in .yarnrc.yml",
        remediation: "Revoke the token and use `npmAuthToken: \"${NPM_TOKEN}\"` in .yarnrc.yml.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["npmauthtoken", "npmauthident"],
            pattern: r#"npmAuth(?:Token|Ident)["\']?[ \t]*:[ \t]*["\']?(?P<secret>[^\s"\'$]{8,})"#,
            priority: 0,
            ..Spec::DEFAULT
        },
    }
}
