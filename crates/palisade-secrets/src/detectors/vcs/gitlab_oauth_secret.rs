use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// GitLab OAuth application secrets: `gloas-` followed by 64 characters.
    ///
    /// ## Why it matters
    /// The application secret lets anyone impersonate the OAuth application and exchange
    /// users' authorization codes for tokens. Anyone who can read the repository — every
    /// clone, fork, CI log and backup, and the git history after the line is deleted — holds
    /// it.
    ///
    /// ## How to fix
    /// Revoke the OAuth application secret in GitLab (user or project settings, or the tokens
    /// API), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GITLAB_TOKEN = "gloas-TCPkyZqA_zg…"
    /// # after
    /// GITLAB_TOKEN = os.environ["GITLAB_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - GitLab docs: "Token overview" (prefixes of every GitLab token type)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GITLAB_OAUTH_SECRET {
        id: "SEC042",
        name: "gitlab-oauth-application-secret",
        severity: High,
        summary: "GitLab OAuth application secret",
        remediation: "Revoke the OAuth application secret in GitLab (user or project settings, or the tokens API), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["gloas-"],
            pattern: r#"\b(?P<secret>gloas\-[A-Za-z0-9_\-]{64})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
