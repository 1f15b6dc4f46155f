use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Prefect API keys: `pnu_` followed by 36 base62 characters.
    ///
    /// ## Why it matters
    /// The key runs flows and reads blocks (which hold credentials) of the workspaces its
    /// user can reach. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in Prefect Cloud (Profile → API keys), issue a new one, and give it
    /// to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// PREFECT_API_KEY = "pnu_R8o71g…"
    /// # after
    /// PREFECT_API_KEY = os.environ["PREFECT_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Prefect docs: "Manage API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PREFECT_KEY {
        id: "SEC154",
        name: "prefect-api-key",
        severity: High,
        summary: "Prefect API key",
        remediation: "Revoke the API key in Prefect Cloud (Profile → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["pnu_"],
            pattern: r#"\b(?P<secret>pnu_[A-Za-z0-9]{36})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
