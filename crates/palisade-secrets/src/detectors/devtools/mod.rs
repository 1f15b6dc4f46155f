//! Developer and SaaS tools: Postman, Linear, Notion, SonarQube, CircleCI and others.

mod adobe_client_secret;
mod airtable_pat;
mod buildkite_token;
mod circleci_token;
mod cloudinary_url;
mod contentful_token;
mod dropbox_token;
mod figma_token;
mod frameio_token;
mod linear_key;
mod mapbox_secret_token;
mod notion_token;
mod okta_token;
mod postman_key;
mod readme_key;
mod snyk_token;
mod sonarqube_token;
mod twitter_bearer;
mod typeform_token;
mod zapier_webhook;

pub use adobe_client_secret::ADOBE_CLIENT_SECRET;
pub use airtable_pat::AIRTABLE_PAT;
pub use buildkite_token::BUILDKITE_TOKEN;
pub use circleci_token::CIRCLECI_TOKEN;
pub use cloudinary_url::CLOUDINARY_URL;
pub use contentful_token::CONTENTFUL_TOKEN;
pub use dropbox_token::DROPBOX_TOKEN;
pub use figma_token::FIGMA_TOKEN;
pub use frameio_token::FRAMEIO_TOKEN;
pub use linear_key::LINEAR_KEY;
pub use mapbox_secret_token::MAPBOX_SECRET_TOKEN;
pub use notion_token::NOTION_TOKEN;
pub use okta_token::OKTA_TOKEN;
pub use postman_key::POSTMAN_KEY;
pub use readme_key::README_KEY;
pub use snyk_token::SNYK_TOKEN;
pub use sonarqube_token::SONARQUBE_TOKEN;
pub use twitter_bearer::TWITTER_BEARER;
pub use typeform_token::TYPEFORM_TOKEN;
pub use zapier_webhook::ZAPIER_WEBHOOK;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &POSTMAN_KEY,
    &LINEAR_KEY,
    &NOTION_TOKEN,
    &SONARQUBE_TOKEN,
    &CIRCLECI_TOKEN,
    &BUILDKITE_TOKEN,
    &CONTENTFUL_TOKEN,
    &FIGMA_TOKEN,
    &AIRTABLE_PAT,
    &TYPEFORM_TOKEN,
    &README_KEY,
    &FRAMEIO_TOKEN,
    &MAPBOX_SECRET_TOKEN,
    &TWITTER_BEARER,
    &CLOUDINARY_URL,
    &ZAPIER_WEBHOOK,
    &OKTA_TOKEN,
    &SNYK_TOKEN,
    &ADOBE_CLIENT_SECRET,
    &DROPBOX_TOKEN,
];
