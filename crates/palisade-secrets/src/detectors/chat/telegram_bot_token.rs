use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Telegram bot tokens: a numeric bot id, `:AA` and 33 URL-safe characters.
    ///
    /// ## Why it matters
    /// The token controls the bot: reads every message sent to it and in its groups, and
    /// sends messages as it. Anyone who can read the repository — every clone, fork, CI log
    /// and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the bot token with @BotFather (`/revoke`), issue a new one, and give it to the
    /// application at run time (environment variable from a secret manager, a Kubernetes
    /// Secret from External Secrets).
    /// ```text
    /// # before
    /// TELEGRAM_BOT_TOKEN = "7556315002:…"
    /// # after
    /// TELEGRAM_BOT_TOKEN = os.environ["TELEGRAM_BOT_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Telegram Bot API: "Authorizing your bot"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static TELEGRAM_BOT_TOKEN {
        id: "SEC068",
        name: "telegram-bot-token",
        severity: High,
        summary: "Telegram bot token",
        remediation: "Revoke the bot token with @BotFather (`/revoke`), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &[":aa"],
            pattern: r#"\b(?P<secret>[0-9]{8,10}:AA[0-9A-Za-z_\-]{33})"#,
            boundary: true,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
