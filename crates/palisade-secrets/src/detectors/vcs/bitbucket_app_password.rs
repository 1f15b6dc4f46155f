use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Bitbucket app passwords: `ATBB` followed by 32 base62 characters.
    ///
    /// ## Why it matters
    /// An app password acts as its Bitbucket user with its permissions (repository write,
    /// pull requests, pipelines). Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the app password in Bitbucket (Personal settings → App passwords), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// BITBUCKET_APP_PASSWORD = "ATBBAHIS3…"
    /// # after
    /// BITBUCKET_APP_PASSWORD = os.environ["BITBUCKET_APP_PASSWORD"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Atlassian docs: "Manage API tokens for your Atlassian account"; Bitbucket Cloud docs: "App passwords" and "Access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static BITBUCKET_APP_PASSWORD {
        id: "SEC044",
        name: "bitbucket-app-password",
        severity: High,
        summary: "Bitbucket app password",
        remediation: "Revoke the app password in Bitbucket (Personal settings → App passwords), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["atbb"],
            pattern: r#"\b(?P<secret>ATBB[A-Za-z0-9]{32})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
