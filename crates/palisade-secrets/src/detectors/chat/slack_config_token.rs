use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Slack configuration tokens: `xoxe.xoxp-`/`xoxe.xoxb-` access tokens or `xoxe-` refresh
    /// tokens of the App Manifest API.
    ///
    /// ## Why it matters
    /// A configuration token creates and changes Slack apps of the workspace, including their
    /// scopes and redirect URLs. Anyone who can read the repository — every clone, fork, CI
    /// log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the configuration token in the app configuration tokens page, issue a new one,
    /// and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SLACK_CONFIG_TOKEN = "xoxe.xoxp-1-RH64L3TE5Z76M2HBQ0B0W91591LDQMF3…"
    /// # after
    /// SLACK_CONFIG_TOKEN = os.environ["SLACK_CONFIG_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Slack API docs: "Token types"
    /// - Slack docs: "Token rotation" and `auth.revoke`
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SLACK_CONFIG_TOKEN {
        id: "SEC064",
        name: "slack-configuration-token",
        severity: High,
        summary: "Slack configuration token",
        remediation: "Revoke the configuration token in the app configuration tokens page, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["xoxe"],
            pattern: r#"\b(?P<secret>xoxe(?:\.xox[bp])?-[0-9]-[A-Z0-9]{140,170})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
