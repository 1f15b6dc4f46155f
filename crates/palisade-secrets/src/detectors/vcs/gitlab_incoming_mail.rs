use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// GitLab incoming mail tokens: `glimt-` followed by 25 characters.
    ///
    /// ## Why it matters
    /// An incoming mail token creates issues and comments by e-mail as its user. Anyone who
    /// can read the repository — every clone, fork, CI log and backup, and the git history
    /// after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the incoming mail token in GitLab (user or project settings, or the tokens
    /// API), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GITLAB_TOKEN = "glimt-S…"
    /// # after
    /// GITLAB_TOKEN = os.environ["GITLAB_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - GitLab docs: "Token overview" (prefixes of every GitLab token type)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GITLAB_INCOMING_MAIL {
        id: "SEC043",
        name: "gitlab-incoming-mail-token",
        severity: Medium,
        summary: "GitLab incoming mail token",
        remediation: "Revoke the incoming mail token in GitLab (user or project settings, or the tokens API), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["glimt-"],
            pattern: r#"\b(?P<secret>glimt\-[A-Za-z0-9_\-]{25})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
