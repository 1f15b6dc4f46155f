//! Google Cloud and Google API credentials.

mod firebase_fcm_server_key;
mod gcp_api_key;
mod gcp_oauth_client_secret;
mod google_oauth_access_token;
mod google_oauth_refresh_token;
mod service_account_key;

pub use firebase_fcm_server_key::FIREBASE_FCM_SERVER_KEY;
pub use gcp_api_key::GCP_API_KEY;
pub use gcp_oauth_client_secret::GCP_OAUTH_CLIENT_SECRET;
pub use google_oauth_access_token::GOOGLE_OAUTH_ACCESS_TOKEN;
pub use google_oauth_refresh_token::GOOGLE_OAUTH_REFRESH_TOKEN;
pub use service_account_key::GCP_SERVICE_ACCOUNT_KEY;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &GCP_SERVICE_ACCOUNT_KEY,
    &GCP_API_KEY,
    &GCP_OAUTH_CLIENT_SECRET,
    &GOOGLE_OAUTH_ACCESS_TOKEN,
    &GOOGLE_OAUTH_REFRESH_TOKEN,
    &FIREBASE_FCM_SERVER_KEY,
];
