use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// CircleCI personal API tokens: `CCIPAT_`, 22 base62 characters, `_`, 40 hex characters.
    ///
    /// ## Why it matters
    /// The token triggers pipelines and reads project settings and environment variable names
    /// of every project of the user. Anyone who can read the repository — every clone, fork,
    /// CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the personal API token in CircleCI (User settings → Personal API tokens), issue
    /// a new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// CIRCLECI_TOKEN = "CCIPAT_PGTPTbY7nX…"
    /// # after
    /// CIRCLECI_TOKEN = os.environ["CIRCLECI_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - CircleCI docs: "Managing API tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static CIRCLECI_TOKEN {
        id: "SEC194",
        name: "circleci-personal-token",
        severity: High,
        summary: "CircleCI personal API token",
        remediation: "Revoke the personal API token in CircleCI (User settings → Personal API tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["ccipat_"],
            pattern: r#"\b(?P<secret>CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
