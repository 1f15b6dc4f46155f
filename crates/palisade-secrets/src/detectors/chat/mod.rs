//! Chat tokens and incoming webhooks: Slack, Discord, Teams, Telegram, Google Chat.

mod discord_webhook;
mod google_chat_webhook;
mod slack_app_token;
mod slack_bot_token;
mod slack_config_token;
mod slack_legacy_token;
mod slack_user_token;
mod slack_webhook;
mod teams_webhook;
mod telegram_bot_token;

pub use discord_webhook::DISCORD_WEBHOOK;
pub use google_chat_webhook::GOOGLE_CHAT_WEBHOOK;
pub use slack_app_token::SLACK_APP_TOKEN;
pub use slack_bot_token::SLACK_BOT_TOKEN;
pub use slack_config_token::SLACK_CONFIG_TOKEN;
pub use slack_legacy_token::SLACK_LEGACY_TOKEN;
pub use slack_user_token::SLACK_USER_TOKEN;
pub use slack_webhook::SLACK_WEBHOOK;
pub use teams_webhook::TEAMS_WEBHOOK;
pub use telegram_bot_token::TELEGRAM_BOT_TOKEN;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &SLACK_BOT_TOKEN,
    &SLACK_USER_TOKEN,
    &SLACK_APP_TOKEN,
    &SLACK_LEGACY_TOKEN,
    &SLACK_CONFIG_TOKEN,
    &SLACK_WEBHOOK,
    &DISCORD_WEBHOOK,
    &TEAMS_WEBHOOK,
    &TELEGRAM_BOT_TOKEN,
    &GOOGLE_CHAT_WEBHOOK,
];
