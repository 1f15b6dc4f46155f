use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Slack app-level tokens: `xapp-`, a digit, an app id, a number and 64 hex characters.
    ///
    /// ## Why it matters
    /// An app-level token opens Socket Mode connections and receives the app's events across
    /// every workspace it is installed in. Anyone who can read the repository — every clone,
    /// fork, CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the app-level token in the app's Basic Information page, issue a new one, and
    /// give it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SLACK_APP_TOKEN = "xapp-1-AEH030R15RN-78199…"
    /// # after
    /// SLACK_APP_TOKEN = os.environ["SLACK_APP_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Slack API docs: "Token types"
    /// - Slack docs: "Token rotation" and `auth.revoke`
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SLACK_APP_TOKEN {
        id: "SEC062",
        name: "slack-app-level-token",
        severity: High,
        summary: "Slack app-level token",
        remediation: "Revoke the app-level token in the app's Basic Information page, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["xapp-"],
            pattern: r#"\b(?P<secret>xapp-[0-9]-[A-Z0-9]{9,11}-[0-9]{10,13}-[a-f0-9]{64})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
