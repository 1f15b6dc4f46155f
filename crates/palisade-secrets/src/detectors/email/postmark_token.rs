use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Postmark server or account tokens: a UUID assigned to a Postmark token variable.
    ///
    /// ## Why it matters
    /// A server token sends e-mail from the server's sender signatures and reads its message
    /// history. Anyone who can read the repository — every clone, fork, CI log and backup,
    /// and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the server or account token in Postmark (Server → API Tokens), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// POSTMARK_SERVER_TOKEN = "bb0fbd55-…"
    /// # after
    /// POSTMARK_SERVER_TOKEN = os.environ["POSTMARK_SERVER_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Postmark docs: "API authentication"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static POSTMARK_TOKEN {
        id: "SEC096",
        name: "postmark-server-token",
        severity: High,
        summary: "Postmark server or account token",
        remediation: "Revoke the server or account token in Postmark (Server → API Tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["postmark"],
            pattern: r#"(?i)postmark[A-Za-z0-9_.\-]*(?:token|key)[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
