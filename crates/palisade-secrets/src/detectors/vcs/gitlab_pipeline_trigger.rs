use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// GitLab pipeline trigger tokens: `glptt-` followed by 40 characters.
    ///
    /// ## Why it matters
    /// A trigger token starts pipelines of its project as the token's owner, with CI
    /// variables that may be overridden by the caller. Anyone who can read the repository —
    /// every clone, fork, CI log and backup, and the git history after the line is deleted —
    /// holds it.
    ///
    /// ## How to fix
    /// Revoke the pipeline trigger token in GitLab (user or project settings, or the tokens
    /// API), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GITLAB_TOKEN = "glptt-e20f3…"
    /// # after
    /// GITLAB_TOKEN = os.environ["GITLAB_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - GitLab docs: "Token overview" (prefixes of every GitLab token type)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GITLAB_PIPELINE_TRIGGER {
        id: "SEC037",
        name: "gitlab-pipeline-trigger-token",
        severity: High,
        summary: "GitLab pipeline trigger token",
        remediation: "Revoke the pipeline trigger token in GitLab (user or project settings, or the tokens API), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["glptt-"],
            pattern: r#"\b(?P<secret>glptt\-[0-9a-f]{40})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
