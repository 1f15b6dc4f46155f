//! Monitoring and logging: Datadog, New Relic, Sentry, Grafana, Dynatrace, Splunk.

mod datadog_api_key;
mod datadog_app_key;
mod dynatrace_token;
mod grafana_cloud_token;
mod grafana_service_account_token;
mod newrelic_browser_key;
mod newrelic_insert_key;
mod newrelic_license_key;
mod newrelic_user_key;
mod sentry_org_token;
mod sentry_user_token;
mod splunk_hec_token;

pub use datadog_api_key::DATADOG_API_KEY;
pub use datadog_app_key::DATADOG_APP_KEY;
pub use dynatrace_token::DYNATRACE_TOKEN;
pub use grafana_cloud_token::GRAFANA_CLOUD_TOKEN;
pub use grafana_service_account_token::GRAFANA_SERVICE_ACCOUNT_TOKEN;
pub use newrelic_browser_key::NEWRELIC_BROWSER_KEY;
pub use newrelic_insert_key::NEWRELIC_INSERT_KEY;
pub use newrelic_license_key::NEWRELIC_LICENSE_KEY;
pub use newrelic_user_key::NEWRELIC_USER_KEY;
pub use sentry_org_token::SENTRY_ORG_TOKEN;
pub use sentry_user_token::SENTRY_USER_TOKEN;
pub use splunk_hec_token::SPLUNK_HEC_TOKEN;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &DATADOG_API_KEY,
    &DATADOG_APP_KEY,
    &NEWRELIC_USER_KEY,
    &NEWRELIC_INSERT_KEY,
    &NEWRELIC_LICENSE_KEY,
    &NEWRELIC_BROWSER_KEY,
    &SENTRY_ORG_TOKEN,
    &SENTRY_USER_TOKEN,
    &GRAFANA_CLOUD_TOKEN,
    &GRAFANA_SERVICE_ACCOUNT_TOKEN,
    &DYNATRACE_TOKEN,
    &SPLUNK_HEC_TOKEN,
];
