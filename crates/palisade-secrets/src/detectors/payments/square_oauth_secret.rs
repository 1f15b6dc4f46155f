use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Square OAuth application secrets: `sq0csp-` followed by 43 URL-safe characters.
    ///
    /// ## Why it matters
    /// The application secret exchanges sellers' authorization codes for access tokens to
    /// their accounts. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the OAuth application secret in the Square Developer Console (OAuth → Replace
    /// secret), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SQUARE_APP_SECRET = "sq0csp-4EgyG…"
    /// # after
    /// SQUARE_APP_SECRET = os.environ["SQUARE_APP_SECRET"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Square developer docs: "Access tokens and other Square credentials"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SQUARE_OAUTH_SECRET {
        id: "SEC075",
        name: "square-oauth-secret",
        severity: High,
        summary: "Square OAuth application secret",
        remediation: "Revoke the OAuth application secret in the Square Developer Console (OAuth → Replace secret), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sq0csp-"],
            pattern: r#"\b(?P<secret>sq0csp-[0-9A-Za-z_\-]{43})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
