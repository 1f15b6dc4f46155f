use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Snyk API tokens: a UUID assigned to a Snyk token variable (`SNYK_TOKEN`).
    ///
    /// ## Why it matters
    /// The token reads the vulnerability reports of the organization's projects: a map of
    /// what is exploitable. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API token in Snyk (Account settings → Revoke & regenerate), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SNYK_TOKEN = "bd9e7d18-…"
    /// # after
    /// SNYK_TOKEN = os.environ["SNYK_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Snyk docs: "Authentication for API"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SNYK_TOKEN {
        id: "SEC207",
        name: "snyk-api-token",
        severity: Medium,
        summary: "Snyk API token",
        remediation: "Revoke the API token in Snyk (Account settings → Revoke & regenerate), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["snyk"],
            pattern: r#"(?i)snyk[A-Za-z0-9_.\-]*(?:token|key)[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
