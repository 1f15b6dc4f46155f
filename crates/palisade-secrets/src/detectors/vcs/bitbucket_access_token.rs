use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Bitbucket repository, project or workspace access tokens: `ATCTT3` followed by about
    /// 186 URL-safe characters.
    ///
    /// ## Why it matters
    /// An access token acts on its repository, project or workspace with the scopes it was
    /// given, including pushes. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the repository, project or workspace access token in the repository, project or
    /// workspace settings, issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// BITBUCKET_TOKEN = "ATCTT3xFfGN0jZfDtediOgdrLQlY9Ut87j6o3CR4JtnTiQ6Z…"
    /// # after
    /// BITBUCKET_TOKEN = os.environ["BITBUCKET_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Atlassian docs: "Manage API tokens for your Atlassian account"; Bitbucket Cloud docs: "App passwords" and "Access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static BITBUCKET_ACCESS_TOKEN {
        id: "SEC046",
        name: "bitbucket-access-token",
        severity: High,
        summary: "Bitbucket repository, project or workspace access token",
        remediation: "Revoke the repository, project or workspace access token in the repository, project or workspace settings, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["atctt3"],
            pattern: r#"\b(?P<secret>ATCTT3[A-Za-z0-9_\-=]{150,250})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
