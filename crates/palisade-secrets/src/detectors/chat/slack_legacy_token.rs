use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Slack legacy, refresh or session tokens: `xoxa-`, `xoxo-`, `xoxr-` or `xoxs-` followed
    /// by numeric ids and a random part.
    ///
    /// ## Why it matters
    /// These older token kinds act for a user or workspace with broad scopes and are rarely
    /// rotated. Anyone who can read the repository — every clone, fork, CI log and backup,
    /// and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the legacy, refresh or session token with `auth.revoke`, issue a new one, and
    /// give it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// SLACK_TOKEN = "xoxs-147725129366…"
    /// # after
    /// SLACK_TOKEN = os.environ["SLACK_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Slack API docs: "Token types"
    /// - Slack docs: "Token rotation" and `auth.revoke`
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static SLACK_LEGACY_TOKEN {
        id: "SEC063",
        name: "slack-legacy-token",
        severity: High,
        summary: "Slack legacy, refresh or session token",
        remediation: "Revoke the legacy, refresh or session token with `auth.revoke`, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["xoxa-", "xoxo-", "xoxr-", "xoxs-"],
            pattern: r#"\b(?P<secret>xox[aors]-[0-9]{1,13}-[0-9A-Za-z\-]{20,120})"#,
            min_entropy: 3.0,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
