use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Slack user tokens: `xoxp-`, three numeric ids and 32 hex characters.
    ///
    /// ## Why it matters
    /// A user token acts as the person who installed the app: reads their private channels
    /// and direct messages. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the user token with `auth.revoke` or in the app's settings, issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SLACK_USER_TOKEN = "xoxp-774471611341-7…"
    /// # after
    /// SLACK_USER_TOKEN = os.environ["SLACK_USER_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Slack API docs: "Token types"
    /// - Slack docs: "Token rotation" and `auth.revoke`
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SLACK_USER_TOKEN {
        id: "SEC061",
        name: "slack-user-token",
        severity: Critical,
        summary: "Slack user token",
        remediation: "Revoke the user token with `auth.revoke` or in the app's settings, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["xoxp-"],
            pattern: r#"\b(?P<secret>xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
