use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Postman API keys: `PMAK-`, 24 hex characters, `-`, 34 hex characters.
    ///
    /// ## Why it matters
    /// The key reads the user's workspaces, collections and environments — which usually hold
    /// more credentials. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in Postman (Settings → API keys), issue a new one, and give it to
    /// the application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// POSTMAN_API_KEY = "PMAK-25ab67fc242…"
    /// # after
    /// POSTMAN_API_KEY = os.environ["POSTMAN_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Postman docs: "Generate and use Postman API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static POSTMAN_KEY {
        id: "SEC190",
        name: "postman-api-key",
        severity: High,
        summary: "Postman API key",
        remediation: "Revoke the API key in Postman (Settings → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["pmak-"],
            pattern: r#"\b(?P<secret>PMAK-[a-f0-9]{24}-[a-f0-9]{34})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
