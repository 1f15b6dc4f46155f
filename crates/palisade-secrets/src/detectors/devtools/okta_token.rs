use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Okta API tokens: `00` and 40 URL-safe characters assigned to an Okta token variable.
    ///
    /// ## Why it matters
    /// An API token acts as the admin who created it on the identity provider: users, groups,
    /// factors, applications. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API token in the Okta admin console (Security → API → Tokens → Revoke),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// OKTA_API_TOKEN = "00t0CKcy1N…"
    /// # after
    /// OKTA_API_TOKEN = os.environ["OKTA_API_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Okta developer docs: "Create an API token"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static OKTA_TOKEN {
        id: "SEC206",
        name: "okta-api-token",
        severity: High,
        summary: "Okta API token",
        remediation: "Revoke the API token in the Okta admin console (Security → API → Tokens → Revoke), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["okta"],
            pattern: r#"(?i)okta[A-Za-z0-9_.\-]*(?:token|key)[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>00[A-Za-z0-9_\-]{40})\b"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
