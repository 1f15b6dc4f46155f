use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Anthropic Admin API keys: `sk-ant-admin01-` followed by 93 URL-safe characters and
    /// `AA`.
    ///
    /// ## Why it matters
    /// An Admin key manages the organization: members, workspaces and API keys. Anyone who
    /// can read the repository — every clone, fork, CI log and backup, and the git history
    /// after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the Admin API key in the Anthropic Console (Admin keys), issue a new one, and
    /// give it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// ANTHROPIC_ADMIN_KEY = "sk-ant-admin01-nlaTMCllbej2…"
    /// # after
    /// ANTHROPIC_ADMIN_KEY = os.environ["ANTHROPIC_ADMIN_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Anthropic docs: "Admin API"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ANTHROPIC_ADMIN_KEY {
        id: "SEC182",
        name: "anthropic-admin-key",
        severity: Critical,
        summary: "Anthropic Admin API key",
        remediation: "Revoke the Admin API key in the Anthropic Console (Admin keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sk-ant-admin"],
            pattern: r#"\b(?P<secret>sk-ant-admin0[0-9]-[A-Za-z0-9_\-]{93}AA)"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
