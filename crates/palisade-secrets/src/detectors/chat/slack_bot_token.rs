use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Slack bot tokens: `xoxb-`, two numeric ids and 24 base62 characters.
    ///
    /// ## Why it matters
    /// A bot token posts, reads channels the bot is in and calls every API its scopes allow
    /// in the workspace. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the bot token with `auth.revoke` or by reinstalling the Slack app, issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SLACK_BOT_TOKEN = "xoxb-449243775…"
    /// # after
    /// SLACK_BOT_TOKEN = os.environ["SLACK_BOT_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Slack API docs: "Token types"
    /// - Slack docs: "Token rotation" and `auth.revoke`
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SLACK_BOT_TOKEN {
        id: "SEC060",
        name: "slack-bot-token",
        severity: High,
        summary: "Slack bot token",
        remediation: "Revoke the bot token with `auth.revoke` or by reinstalling the Slack app, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["xoxb-"],
            pattern: r#"\b(?P<secret>xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
