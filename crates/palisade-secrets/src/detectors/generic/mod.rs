//! Generic assignments and headers scored by entropy: passwords, secrets, tokens.

mod basic_auth_header;
mod bearer_header;
mod curl_user;
mod password_assignment;
mod secret_assignment;
mod token_assignment;

pub use basic_auth_header::BASIC_AUTH_HEADER;
pub use bearer_header::BEARER_HEADER;
pub use curl_user::CURL_USER;
pub use password_assignment::PASSWORD_ASSIGNMENT;
pub use secret_assignment::SECRET_ASSIGNMENT;
pub use token_assignment::TOKEN_ASSIGNMENT;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &PASSWORD_ASSIGNMENT,
    &SECRET_ASSIGNMENT,
    &TOKEN_ASSIGNMENT,
    &BASIC_AUTH_HEADER,
    &BEARER_HEADER,
    &CURL_USER,
];
