use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Octopus Deploy API keys: `API-` followed by 26 uppercase letters and digits.
    ///
    /// ## Why it matters
    /// The key deploys releases to every environment its user may deploy to. Anyone who can
    /// read the repository — every clone, fork, CI log and backup, and the git history after
    /// the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in Octopus (Profile → My API keys), issue a new one, and give it to
    /// the application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// OCTOPUS_API_KEY = "API-5OK…"
    /// # after
    /// OCTOPUS_API_KEY = os.environ["OCTOPUS_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Octopus docs: "How to create an API key"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static OCTOPUS_DEPLOY_KEY {
        id: "SEC153",
        name: "octopus-deploy-api-key",
        severity: High,
        summary: "Octopus Deploy API key",
        remediation: "Revoke the API key in Octopus (Profile → My API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["api-"],
            pattern: r#"\b(?P<secret>API-[A-Z0-9]{26})\b"#,
            boundary: true,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
