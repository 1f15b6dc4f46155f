use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Google OAuth refresh tokens: `1//0` followed by at least 40 URL-safe characters.
    ///
    /// ## Why it matters
    /// A refresh token mints access tokens for its user until revoked — months of access to
    /// their Google data. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the OAuth refresh token by revoking it (Google Account → Security → Third-party
    /// access, or the revoke endpoint), issue a new one, and give it to the application at
    /// run time (environment variable from a secret manager, a Kubernetes Secret from
    /// External Secrets).
    /// ```text
    /// # before
    /// GOOGLE_REFRESH_TOKEN = "1//0gnFIGLj5M7YYpHCOTHUtu…"
    /// # after
    /// GOOGLE_REFRESH_TOKEN = os.environ["GOOGLE_REFRESH_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Google Cloud docs: "Manage API keys" / "Best practices for managing service account keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GOOGLE_OAUTH_REFRESH_TOKEN {
        id: "SEC014",
        name: "google-oauth-refresh-token",
        severity: High,
        summary: "Google OAuth refresh token",
        remediation: "Revoke the OAuth refresh token by revoking it (Google Account → Security → Third-party access, or the revoke endpoint), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["1//0"],
            pattern: r#"(?:^|[^A-Za-z0-9/])(?P<secret>1//0[0-9A-Za-z_\-]{40,})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
