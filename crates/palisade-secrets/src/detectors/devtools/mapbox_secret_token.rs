use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Mapbox secret access tokens: `sk.eyJ` followed by a JWT-like body (public `pk.` tokens
    /// are not reported).
    ///
    /// ## Why it matters
    /// A secret token has the scopes it was created with (uploads, styles, tokens:write) on
    /// the account, billed to it. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the secret access token in Mapbox (Account → Access tokens), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// MAPBOX_SECRET_TOKEN = "sk.eyJ1IjoibkNCqCFxQHry…"
    /// # after
    /// MAPBOX_SECRET_TOKEN = os.environ["MAPBOX_SECRET_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Mapbox docs: "Access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static MAPBOX_SECRET_TOKEN {
        id: "SEC202",
        name: "mapbox-secret-token",
        severity: High,
        summary: "Mapbox secret access token",
        remediation: "Revoke the secret access token in Mapbox (Account → Access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["sk.eyj"],
            pattern: r#"\b(?P<secret>sk\.eyJ[A-Za-z0-9_\-]{50,}\.[A-Za-z0-9_\-]{20,})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
