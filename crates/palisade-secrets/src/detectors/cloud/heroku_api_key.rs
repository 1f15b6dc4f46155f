use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Heroku API keys: a UUID assigned to a Heroku key or token variable, or an `HRKU-`
    /// token.
    ///
    /// ## Why it matters
    /// The API key acts as the user on every app they can reach: config vars (with all their
    /// secrets), deploys, add-ons. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in the Heroku dashboard (Account settings → API key → Regenerate)
    /// or with `heroku authorizations:revoke`, issue a new one, and give it to the
    /// application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// HEROKU_API_KEY = "0f5e080a-…"
    /// # after
    /// HEROKU_API_KEY = os.environ["HEROKU_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Heroku Dev Center: "Heroku CLI authentication" and "Platform API"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static HEROKU_API_KEY {
        id: "SEC141",
        name: "heroku-api-key",
        severity: High,
        summary: "Heroku API key",
        remediation: "Revoke the API key in the Heroku dashboard (Account settings → API key → Regenerate) or with `heroku authorizations:revoke`, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["heroku", "hrku-"],
            pattern: r#"(?i)(?:heroku[A-Za-z0-9_.\-]*(?:key|token)[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b|\b(?P<hrku>HRKU-[A-Za-z0-9_\-]{40,80}))"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
