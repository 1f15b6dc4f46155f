use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Slack incoming webhook URLs: `https://hooks.slack.com/services/T…/B…/…` (and the
    /// `workflows`/`triggers` variants).
    ///
    /// ## Why it matters
    /// Anyone with the URL posts messages into the channel as the integration — a ready-made
    /// phishing channel inside the company. Anyone who can read the repository — every clone,
    /// fork, CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the incoming webhook URL by removing the webhook in the Slack app's Incoming
    /// Webhooks page, issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// SLACK_WEBHOOK_URL = "https://hooks.slack.…"
    /// # after
    /// SLACK_WEBHOOK_URL = os.environ["SLACK_WEBHOOK_URL"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Slack API docs: "Token types"
    /// - Slack docs: "Token rotation" and `auth.revoke`
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SLACK_WEBHOOK {
        id: "SEC065",
        name: "slack-webhook-url",
        severity: Medium,
        summary: "Slack incoming webhook URL",
        remediation: "Revoke the incoming webhook URL by removing the webhook in the Slack app's Incoming Webhooks page, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["hooks.slack.com"],
            pattern: r#"(?P<secret>https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+\-]{40,100})"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
