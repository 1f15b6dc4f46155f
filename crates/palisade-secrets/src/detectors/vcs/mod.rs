//! Source hosting: GitHub, GitLab, Bitbucket and Atlassian tokens.

mod atlassian_api_token;
mod bitbucket_access_token;
mod bitbucket_app_password;
mod github_fine_grained_pat;
mod github_oauth;
mod github_pat;
mod github_refresh;
mod github_server_to_server;
mod github_user_to_server;
mod gitlab_deploy_token;
mod gitlab_feed_token;
mod gitlab_incoming_mail;
mod gitlab_oauth_secret;
mod gitlab_pat;
mod gitlab_pipeline_trigger;
mod gitlab_runner_auth;
mod gitlab_runner_registration;

pub use atlassian_api_token::ATLASSIAN_API_TOKEN;
pub use bitbucket_access_token::BITBUCKET_ACCESS_TOKEN;
pub use bitbucket_app_password::BITBUCKET_APP_PASSWORD;
pub use github_fine_grained_pat::GITHUB_FINE_GRAINED_PAT;
pub use github_oauth::GITHUB_OAUTH;
pub use github_pat::GITHUB_PAT;
pub use github_refresh::GITHUB_REFRESH;
pub use github_server_to_server::GITHUB_SERVER_TO_SERVER;
pub use github_user_to_server::GITHUB_USER_TO_SERVER;
pub use gitlab_deploy_token::GITLAB_DEPLOY_TOKEN;
pub use gitlab_feed_token::GITLAB_FEED_TOKEN;
pub use gitlab_incoming_mail::GITLAB_INCOMING_MAIL;
pub use gitlab_oauth_secret::GITLAB_OAUTH_SECRET;
pub use gitlab_pat::GITLAB_PAT;
pub use gitlab_pipeline_trigger::GITLAB_PIPELINE_TRIGGER;
pub use gitlab_runner_auth::GITLAB_RUNNER_AUTH;
pub use gitlab_runner_registration::GITLAB_RUNNER_REGISTRATION;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &GITHUB_PAT,
    &GITHUB_OAUTH,
    &GITHUB_USER_TO_SERVER,
    &GITHUB_SERVER_TO_SERVER,
    &GITHUB_REFRESH,
    &GITHUB_FINE_GRAINED_PAT,
    &GITLAB_PAT,
    &GITLAB_PIPELINE_TRIGGER,
    &GITLAB_RUNNER_REGISTRATION,
    &GITLAB_DEPLOY_TOKEN,
    &GITLAB_RUNNER_AUTH,
    &GITLAB_FEED_TOKEN,
    &GITLAB_OAUTH_SECRET,
    &GITLAB_INCOMING_MAIL,
    &BITBUCKET_APP_PASSWORD,
    &ATLASSIAN_API_TOKEN,
    &BITBUCKET_ACCESS_TOKEN,
];
