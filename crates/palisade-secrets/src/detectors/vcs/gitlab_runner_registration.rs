use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// GitLab runner registration tokens: `GR1348941` followed by 20 characters.
    ///
    /// ## Why it matters
    /// A registration token lets anyone attach a runner to the project or group and receive
    /// its CI jobs — with their secrets. Anyone who can read the repository — every clone,
    /// fork, CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the runner registration token in GitLab (user or project settings, or the
    /// tokens API), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GITLAB_TOKEN = "GR13489…"
    /// # after
    /// GITLAB_TOKEN = os.environ["GITLAB_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - GitLab docs: "Token overview" (prefixes of every GitLab token type)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GITLAB_RUNNER_REGISTRATION {
        id: "SEC038",
        name: "gitlab-runner-registration-token",
        severity: High,
        summary: "GitLab runner registration token",
        remediation: "Revoke the runner registration token in GitLab (user or project settings, or the tokens API), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["gr1348941"],
            pattern: r#"\b(?P<secret>GR1348941[A-Za-z0-9_\-]{20})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
