use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Sentry organization auth tokens: `sntrys_eyJ` followed by at least 80 base64
    /// characters.
    ///
    /// ## Why it matters
    /// An organization token uploads releases and source maps and reads project settings.
    /// Anyone who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the organization auth token in Sentry (Settings → Auth tokens), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SENTRY_AUTH_TOKEN = "sntrys_eyJlOMABau2cFVK8xsRZm7kVa…"
    /// # after
    /// SENTRY_AUTH_TOKEN = os.environ["SENTRY_AUTH_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Sentry docs: "Auth tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SENTRY_ORG_TOKEN {
        id: "SEC166",
        name: "sentry-org-token",
        severity: High,
        summary: "Sentry organization auth token",
        remediation: "Revoke the organization auth token in Sentry (Settings → Auth tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sntrys_"],
            pattern: r#"\b(?P<secret>sntrys_eyJ[A-Za-z0-9+/=_\-]{80,})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
