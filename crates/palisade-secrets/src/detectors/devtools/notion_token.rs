use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Notion integration tokens: `ntn_` with 11 digits and 35 base62 characters, or the
    /// older `secret_` followed by 43 base62 characters.
    ///
    /// ## Why it matters
    /// The token reads and edits every page and database shared with the integration. Anyone
    /// who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the integration token in Notion (Settings → Connections → the integration →
    /// Refresh secret), issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// NOTION_TOKEN = "ntn_87248483…"
    /// # after
    /// NOTION_TOKEN = os.environ["NOTION_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Notion developers docs: "Authorization"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static NOTION_TOKEN {
        id: "SEC192",
        name: "notion-integration-token",
        severity: High,
        summary: "Notion integration token",
        remediation: "Revoke the integration token in Notion (Settings → Connections → the integration → Refresh secret), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["ntn_", "secret_"],
            pattern: r#"\b(?P<secret>ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})"#,
            min_entropy: 3.5,
            boundary: true,
            keyword_check: Some(crate::detectors::common::alnum_35_follow),
            ..Spec::DEFAULT
        },
    }
}
