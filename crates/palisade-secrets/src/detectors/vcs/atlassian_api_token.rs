use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Atlassian API tokens: `ATATT3` followed by about 186 URL-safe characters.
    ///
    /// ## Why it matters
    /// An Atlassian API token acts as its user in Jira, Confluence and Bitbucket. Anyone who
    /// can read the repository — every clone, fork, CI log and backup, and the git history
    /// after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API token at id.atlassian.com (Security → API tokens), issue a new one, and
    /// give it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// JIRA_API_TOKEN = "ATATT3xFfGF0I1_GkMRcj9boKpNeirItB2j0shewPGTOm0lc…"
    /// # after
    /// JIRA_API_TOKEN = os.environ["JIRA_API_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Atlassian docs: "Manage API tokens for your Atlassian account"; Bitbucket Cloud docs: "App passwords" and "Access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ATLASSIAN_API_TOKEN {
        id: "SEC045",
        name: "atlassian-api-token",
        severity: High,
        summary: "Atlassian API token",
        remediation: "Revoke the API token at id.atlassian.com (Security → API tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["atatt3"],
            pattern: r#"\b(?P<secret>ATATT3[A-Za-z0-9_\-=]{150,250})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
