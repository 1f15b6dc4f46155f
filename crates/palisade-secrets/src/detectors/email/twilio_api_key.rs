use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Twilio API key SIDs: `SK` followed by 32 hex characters, with "twilio" mentioned
    /// nearby.
    ///
    /// ## Why it matters
    /// With its secret, an API key sends SMS and calls billed to the account and reads
    /// message logs with customers' phone numbers. Anyone who can read the repository — every
    /// clone, fork, CI log and backup, and the git history after the line is deleted — holds
    /// it.
    ///
    /// ## How to fix
    /// Revoke the API key SID in the Twilio console (Account → API keys), issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// TWILIO_API_KEY = "SK25ab67…"
    /// # after
    /// TWILIO_API_KEY = os.environ["TWILIO_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Twilio docs: "API keys" and "Auth tokens and how to change them"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static TWILIO_API_KEY {
        id: "SEC090",
        name: "twilio-api-key",
        severity: High,
        summary: "Twilio API key SID",
        remediation: "Revoke the API key SID in the Twilio console (Account → API keys), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["twilio"],
            pattern: r#"\b(?P<secret>SK[0-9a-fA-F]{32})"#,
            lines_before: 3,
            lines_after: 3,
            confidence: Confidence::Medium,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
