use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// ReadMe API keys: `rdme_` followed by 70 lowercase letters and digits.
    ///
    /// ## Why it matters
    /// The key changes the project's published API documentation. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in ReadMe (Project settings → API keys), issue a new one, and give
    /// it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// README_API_KEY = "rdme_zfni04vgku0e2…"
    /// # after
    /// README_API_KEY = os.environ["README_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - ReadMe docs: "API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static README_KEY {
        id: "SEC200",
        name: "readme-api-key",
        severity: Medium,
        summary: "ReadMe API key",
        remediation: "Revoke the API key in ReadMe (Project settings → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["rdme_"],
            pattern: r#"\b(?P<secret>rdme_[a-z0-9]{70})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
