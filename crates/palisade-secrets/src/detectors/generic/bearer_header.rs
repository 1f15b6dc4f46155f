use crate::detectors::common::plain_password;
use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// `Authorization: Bearer <token>` headers with a literal token of at least 20 characters
    /// and 3.5 bits of entropy per character (JWTs and vendor tokens are reported by their
    /// own detectors instead).
    ///
    /// ## Why it matters
    /// A bearer token is the credential itself: whoever sends the header is its owner until
    /// it expires.
    ///
    /// ## How to fix
    /// Revoke the token at its issuer and obtain tokens at run time (OAuth client
    /// credentials, workload identity).
    /// ```text
    /// # before
    /// Authorization: Bearer 8f1c...
    /// # after
    /// Authorization: Bearer ${TOKEN}   # fetched at run time
    /// ```
    ///
    /// ## References
    /// - RFC 6750 (OAuth 2.0 Bearer Token Usage)
    /// - OWASP Cheat Sheet Series: "Secrets Management"
    /// - CWE-259: Use of Hard-coded Password
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static BEARER_HEADER {
        id: "SEC294",
        name: "bearer-token-header",
        severity: High,
        summary: "bearer token in an Authorization header",
        remediation: "Revoke the token and fetch tokens at run time.",
        tags: ["CWE-798", "CWE-259", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["bearer "],
            pattern: r#"(?i)authorization["\']?\s*[:=,]\s*["\']?bearer\s+(?P<secret>[A-Za-z0-9._~+/\-]{20,}=*)"#,
            min_entropy: 3.5,
            priority: 0,
            validate: Some(plain_password),
            ..Spec::DEFAULT
        },
    }
}
