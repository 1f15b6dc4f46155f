use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Adobe client secrets: `p8e-` followed by 32 base62 characters.
    ///
    /// ## Why it matters
    /// The client secret exchanges for access tokens to the organization's Adobe APIs. Anyone
    /// who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the client secret in the Adobe Developer Console (Credentials → Rotate client
    /// secret), issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// ADOBE_CLIENT_SECRET = "p8e-cO6vg…"
    /// # after
    /// ADOBE_CLIENT_SECRET = os.environ["ADOBE_CLIENT_SECRET"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Adobe developer docs: "OAuth Server-to-Server credentials"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static ADOBE_CLIENT_SECRET {
        id: "SEC208",
        name: "adobe-client-secret",
        severity: High,
        summary: "Adobe client secret",
        remediation: "Revoke the client secret in the Adobe Developer Console (Credentials → Rotate client secret), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["p8e-"],
            pattern: r#"\b(?P<secret>p8e-[A-Za-z0-9]{32})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
