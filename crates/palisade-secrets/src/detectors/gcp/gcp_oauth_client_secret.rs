use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Google OAuth client secrets: `GOCSPX-` followed by 28 URL-safe characters.
    ///
    /// ## Why it matters
    /// The client secret lets anyone impersonate the OAuth client and exchange users'
    /// authorization codes. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the OAuth client secret in the Google Cloud console (Credentials → the OAuth
    /// client → Reset secret), issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// GOOGLE_CLIENT_SECRET = "GOCSPX-8…"
    /// # after
    /// GOOGLE_CLIENT_SECRET = os.environ["GOOGLE_CLIENT_SECRET"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Google Cloud docs: "Manage API keys" / "Best practices for managing service account keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GCP_OAUTH_CLIENT_SECRET {
        id: "SEC012",
        name: "gcp-oauth-client-secret",
        severity: High,
        summary: "Google OAuth client secret",
        remediation: "Revoke the OAuth client secret in the Google Cloud console (Credentials → the OAuth client → Reset secret), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["gocspx-"],
            pattern: r#"\b(?P<secret>GOCSPX-[A-Za-z0-9_\-]{28})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
