use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// X (Twitter) app bearer tokens: 21 `A`s followed by at least 80 URL-encoded base64
    /// characters.
    ///
    /// ## Why it matters
    /// The bearer token calls the API as the app: reads, and with user context acts, within
    /// its access level. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the app bearer token in the X developer portal (Keys and tokens → Regenerate),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// TWITTER_BEARER_TOKEN = "AAAAAAAAAAAAAAAAAAAAAMjrHXmd…"
    /// # after
    /// TWITTER_BEARER_TOKEN = os.environ["TWITTER_BEARER_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - X developer docs: "OAuth 2.0 Bearer Token"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static TWITTER_BEARER {
        id: "SEC203",
        name: "twitter-bearer-token",
        severity: High,
        summary: "X (Twitter) app bearer token",
        remediation: "Revoke the app bearer token in the X developer portal (Keys and tokens → Regenerate), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["aaaaaaaaaaaaaaaaaaaaa"],
            pattern: r#"\b(?P<secret>A{21}[A-Za-z0-9%]{80,120})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
