use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// 1Password service account tokens: `ops_eyJ` followed by at least 250 base64
    /// characters.
    ///
    /// ## Why it matters
    /// The token reads every item of the vaults the service account can access. Anyone who
    /// can read the repository — every clone, fork, CI log and backup, and the git history
    /// after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the service account token in 1Password (Developer → Service accounts → Revoke
    /// token), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// OP_SERVICE_ACCOUNT_TOKEN = "ops_eyJegqyiidbZlKczddtZgmFieyfkczvEDqAqOEjHsbxREmxmjxUHrKakiRUwbM0B7skkoghT…"
    /// # after
    /// OP_SERVICE_ACCOUNT_TOKEN = os.environ["OP_SERVICE_ACCOUNT_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - 1Password developer docs: "Service accounts"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ONEPASSWORD_SERVICE_TOKEN {
        id: "SEC148",
        name: "1password-service-account-token",
        severity: Critical,
        summary: "1Password service account token",
        remediation: "Revoke the service account token in 1Password (Developer → Service accounts → Revoke token), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["ops_eyj"],
            pattern: r#"\b(?P<secret>ops_eyJ[A-Za-z0-9+/_\-]{250,}={0,3})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
