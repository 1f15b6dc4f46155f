//! Amazon Web Services credentials.

mod access_key_id;
mod credential_pair;
mod mws_key;
mod secret_access_key;
mod session_token;

pub use access_key_id::AWS_ACCESS_KEY_ID;
pub use credential_pair::AWS_CREDENTIAL_PAIR;
pub use mws_key::AWS_MWS_KEY;
pub use secret_access_key::AWS_SECRET_ACCESS_KEY;
pub use session_token::AWS_SESSION_TOKEN;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &AWS_ACCESS_KEY_ID,
    &AWS_SECRET_ACCESS_KEY,
    &AWS_CREDENTIAL_PAIR,
    &AWS_SESSION_TOKEN,
    &AWS_MWS_KEY,
];
