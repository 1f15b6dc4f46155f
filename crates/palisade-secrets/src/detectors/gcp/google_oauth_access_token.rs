use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Google OAuth access tokens: `ya29.` followed by at least 30 URL-safe characters.
    ///
    /// ## Why it matters
    /// An access token acts as its user or service account on Google APIs for its lifetime
    /// (one hour by default). Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the OAuth access token by revoking it (`https://oauth2.googleapis.com/revoke`)
    /// and its refresh token, issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// GOOGLE_ACCESS_TOKEN = "ya29.a0HLxDsCxqjBLd3qbJskH53rGT…"
    /// # after
    /// GOOGLE_ACCESS_TOKEN = os.environ["GOOGLE_ACCESS_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Google Cloud docs: "Manage API keys" / "Best practices for managing service account keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GOOGLE_OAUTH_ACCESS_TOKEN {
        id: "SEC013",
        name: "google-oauth-access-token",
        severity: High,
        summary: "Google OAuth access token",
        remediation: "Revoke the OAuth access token by revoking it (`https://oauth2.googleapis.com/revoke`) and its refresh token, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["ya29."],
            pattern: r#"\b(?P<secret>ya29\.[0-9A-Za-z_\-]{30,})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
