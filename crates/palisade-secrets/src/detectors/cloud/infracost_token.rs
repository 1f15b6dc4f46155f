use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Infracost API keys: `ico-` followed by 32 base62 characters.
    ///
    /// ## Why it matters
    /// The key uses the organization's Infracost account and reads its cost estimates. Anyone
    /// who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in Infracost Cloud (Org settings → API key → Rotate), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// INFRACOST_API_KEY = "ico-FecqT…"
    /// # after
    /// INFRACOST_API_KEY = os.environ["INFRACOST_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Infracost docs: "API key"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static INFRACOST_TOKEN {
        id: "SEC151",
        name: "infracost-api-key",
        severity: Medium,
        summary: "Infracost API key",
        remediation: "Revoke the API key in Infracost Cloud (Org settings → API key → Rotate), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["ico-"],
            pattern: r#"\b(?P<secret>ico-[A-Za-z0-9]{32})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
