use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Microsoft Teams incoming webhook URLs: `https://<tenant>.webhook.office.com/webhookb2/
    /// <group>@<tenant>/IncomingWebhook/<id>/<owner>`.
    ///
    /// ## Why it matters
    /// Anyone with the URL posts cards into the channel as the connector. Anyone who can read
    /// the repository — every clone, fork, CI log and backup, and the git history after the
    /// line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the incoming webhook URL by removing the connector from the channel, issue a
    /// new one, and give it to the application at run time (environment variable from a
    /// secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// TEAMS_WEBHOOK_URL = "https://contoso.webhook.office.com/webhookb2/8cdbbc…"
    /// # after
    /// TEAMS_WEBHOOK_URL = os.environ["TEAMS_WEBHOOK_URL"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Microsoft Learn: "Create an Incoming Webhook"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static TEAMS_WEBHOOK {
        id: "SEC067",
        name: "microsoft-teams-webhook-url",
        severity: Medium,
        summary: "Microsoft Teams incoming webhook URL",
        remediation: "Revoke the incoming webhook URL by removing the connector from the channel, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["webhook.office.com"],
            pattern: r#"(?P<secret>https://[a-z0-9\-]+\.webhook\.office\.com/webhookb2/[0-9a-f\-]{36}@[0-9a-f\-]{36}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f\-]{36})"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
