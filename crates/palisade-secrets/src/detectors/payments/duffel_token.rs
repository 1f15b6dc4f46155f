use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Duffel API tokens: `duffel_live_` or `duffel_test_` followed by 43 URL-safe
    /// characters.
    ///
    /// ## Why it matters
    /// A live token books and pays for flights and reads passengers' personal data. Anyone
    /// who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API token in the Duffel dashboard (Developers → Access tokens), issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// DUFFEL_TOKEN = "duffel_live_5…"
    /// # after
    /// DUFFEL_TOKEN = os.environ["DUFFEL_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Duffel docs: "Authentication"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DUFFEL_TOKEN {
        id: "SEC081",
        name: "duffel-api-token",
        severity: High,
        summary: "Duffel API token",
        remediation: "Revoke the API token in the Duffel dashboard (Developers → Access tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["duffel_"],
            pattern: r#"\b(?P<secret>duffel_(?:test|live)_[A-Za-z0-9_\-=]{43})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
