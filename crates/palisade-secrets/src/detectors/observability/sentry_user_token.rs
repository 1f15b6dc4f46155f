use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Sentry user auth tokens: `sntryu_` followed by 64 hex characters.
    ///
    /// ## Why it matters
    /// A user token reads issues (with their stack variables and request data) of every
    /// project its user can see. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the user auth token in Sentry (User settings → Personal tokens), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SENTRY_AUTH_TOKEN = "sntryu_72ada20df7…"
    /// # after
    /// SENTRY_AUTH_TOKEN = os.environ["SENTRY_AUTH_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Sentry docs: "Auth tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SENTRY_USER_TOKEN {
        id: "SEC167",
        name: "sentry-user-token",
        severity: High,
        summary: "Sentry user auth token",
        remediation: "Revoke the user auth token in Sentry (User settings → Personal tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sntryu_"],
            pattern: r#"\b(?P<secret>sntryu_[a-f0-9]{64})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
