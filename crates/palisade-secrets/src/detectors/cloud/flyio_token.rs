use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Fly.io access tokens: `fo1_` followed by 43 URL-safe characters, or a macaroon token
    /// `fm1r_`/`fm1a_`/`fm2_` followed by at least 100 base64 characters.
    ///
    /// ## Why it matters
    /// The token deploys to, reads secrets of, and destroys the organization's apps. Anyone
    /// who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the access token with `fly tokens revoke` or in the dashboard, issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// FLY_API_TOKEN = "fo1_aMaRJSt…"
    /// # after
    /// FLY_API_TOKEN = os.environ["FLY_API_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Fly.io docs: "Access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static FLYIO_TOKEN {
        id: "SEC139",
        name: "flyio-access-token",
        severity: High,
        summary: "Fly.io access token",
        remediation: "Revoke the access token with `fly tokens revoke` or in the dashboard, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["fo1_", "fm1r_", "fm1a_", "fm2_"],
            pattern: r#"\b(?P<secret>fo1_[A-Za-z0-9_\-]{43}|fm(?:1[ar]|2)_[A-Za-z0-9+/_\-]{100,}={0,3})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
