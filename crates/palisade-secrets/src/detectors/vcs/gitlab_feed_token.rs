use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// GitLab feed tokens: `glft-` followed by 20 characters.
    ///
    /// ## Why it matters
    /// A feed token reads the user's activity and issue feeds, which include private project
    /// titles and descriptions. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the feed token in GitLab (user or project settings, or the tokens API), issue a
    /// new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GITLAB_TOKEN = "glft-P…"
    /// # after
    /// GITLAB_TOKEN = os.environ["GITLAB_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - GitLab docs: "Token overview" (prefixes of every GitLab token type)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GITLAB_FEED_TOKEN {
        id: "SEC041",
        name: "gitlab-feed-token",
        severity: Medium,
        summary: "GitLab feed token",
        remediation: "Revoke the feed token in GitLab (user or project settings, or the tokens API), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["glft-"],
            pattern: r#"\b(?P<secret>glft\-[A-Za-z0-9_\-]{20})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
