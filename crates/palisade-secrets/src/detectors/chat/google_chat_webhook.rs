use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Google Chat incoming webhook URLs:
    /// `https://chat.googleapis.com/v1/spaces/<space>/messages?key=…&token=…`.
    ///
    /// ## Why it matters
    /// Anyone with the URL posts messages into the space. Anyone who can read the repository
    /// — every clone, fork, CI log and backup, and the git history after the line is deleted
    /// — holds it.
    ///
    /// ## How to fix
    /// Revoke the incoming webhook URL by deleting the webhook in the space's Apps &
    /// integrations, issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// CHAT_WEBHOOK_URL = "https://chat.googleapis.com/v1/spaces/…"
    /// # after
    /// CHAT_WEBHOOK_URL = os.environ["CHAT_WEBHOOK_URL"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Google Chat docs: "Send messages to Google Chat with incoming webhooks"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GOOGLE_CHAT_WEBHOOK {
        id: "SEC069",
        name: "google-chat-webhook-url",
        severity: Medium,
        summary: "Google Chat incoming webhook URL",
        remediation: "Revoke the incoming webhook URL by deleting the webhook in the space's Apps & integrations, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["chat.googleapis.com"],
            pattern: r#"(?P<secret>https://chat\.googleapis\.com/v1/spaces/[A-Za-z0-9_\-]+/messages\?key=[A-Za-z0-9_\-]{39}&token=[A-Za-z0-9_%=\-]{40,})"#,
            boundary: false,
            priority: 2,
            ..Spec::DEFAULT
        },
    }
}
