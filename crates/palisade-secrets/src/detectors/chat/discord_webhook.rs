use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Discord webhook URLs: `https://discord.com/api/webhooks/<id>/<token>`.
    ///
    /// ## Why it matters
    /// Anyone with the URL posts into the channel as the webhook, including links and
    /// mentions of everyone. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the webhook URL in the channel's Integrations → Webhooks settings, issue a new
    /// one, and give it to the application at run time (environment variable from a secret
    /// manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// DISCORD_WEBHOOK_URL = "https://discord.com/api/webhoo…"
    /// # after
    /// DISCORD_WEBHOOK_URL = os.environ["DISCORD_WEBHOOK_URL"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Discord developer docs: "Webhook resource"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DISCORD_WEBHOOK {
        id: "SEC066",
        name: "discord-webhook-url",
        severity: Medium,
        summary: "Discord webhook URL",
        remediation: "Revoke the webhook URL in the channel's Integrations → Webhooks settings, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["discord.com/api/webhooks", "discordapp.com/api/webhooks"],
            pattern: r#"(?P<secret>https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_\-]{60,70})"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
