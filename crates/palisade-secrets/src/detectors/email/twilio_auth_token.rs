use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Twilio auth tokens: 32 hex characters assigned to a Twilio auth token variable
    /// (`TWILIO_AUTH_TOKEN`, `twilio.authToken`).
    ///
    /// ## Why it matters
    /// The auth token is the account password of the API: messages, calls, phone numbers,
    /// sub-accounts. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the auth token in the Twilio console (Account → Auth tokens → Request a
    /// secondary token, then promote it), issue a new one, and give it to the application at
    /// run time (environment variable from a secret manager, a Kubernetes Secret from
    /// External Secrets).
    /// ```text
    /// # before
    /// TWILIO_AUTH_TOKEN = "4cf131cf…"
    /// # after
    /// TWILIO_AUTH_TOKEN = os.environ["TWILIO_AUTH_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Twilio docs: "API keys" and "Auth tokens and how to change them"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static TWILIO_AUTH_TOKEN {
        id: "SEC091",
        name: "twilio-auth-token",
        severity: Critical,
        summary: "Twilio auth token",
        remediation: "Revoke the auth token in the Twilio console (Account → Auth tokens → Request a secondary token, then promote it), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["twilio"],
            pattern: r#"(?i)twilio[_.\-]?auth[_.\-]?token[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[a-f0-9]{32})\b"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
