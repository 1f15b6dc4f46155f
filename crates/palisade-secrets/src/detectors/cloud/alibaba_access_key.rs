use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Alibaba Cloud AccessKey ids: `LTAI` followed by 12–20 base62 characters.
    ///
    /// ## Why it matters
    /// With its secret (usually committed next to it) the AccessKey acts as its RAM user on
    /// the whole account. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the AccessKey id in the RAM console (disable, then delete the AccessKey pair),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAIX3…"
    /// # after
    /// ALIBABA_CLOUD_ACCESS_KEY_ID = os.environ["ALIBABA_CLOUD_ACCESS_KEY_ID"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Alibaba Cloud docs: "Create an AccessKey pair"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ALIBABA_ACCESS_KEY {
        id: "SEC140",
        name: "alibaba-access-key-id",
        severity: High,
        summary: "Alibaba Cloud AccessKey id",
        remediation: "Revoke the AccessKey id in the RAM console (disable, then delete the AccessKey pair), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["ltai"],
            pattern: r#"\b(?P<secret>LTAI[A-Za-z0-9]{12,20})"#,
            boundary: true,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
