use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// GitLab runner authentication tokens: `glrt-` followed by 20 characters.
    ///
    /// ## Why it matters
    /// A runner authentication token impersonates a registered runner and receives CI jobs
    /// with their secrets. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the runner authentication token in GitLab (user or project settings, or the
    /// tokens API), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GITLAB_TOKEN = "glrt-C…"
    /// # after
    /// GITLAB_TOKEN = os.environ["GITLAB_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - GitLab docs: "Token overview" (prefixes of every GitLab token type)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GITLAB_RUNNER_AUTH {
        id: "SEC040",
        name: "gitlab-runner-authentication-token",
        severity: High,
        summary: "GitLab runner authentication token",
        remediation: "Revoke the runner authentication token in GitLab (user or project settings, or the tokens API), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["glrt-"],
            pattern: r#"\b(?P<secret>glrt\-[A-Za-z0-9_\-]{20})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
