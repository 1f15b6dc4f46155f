//! Payments and commerce: Stripe, Square, Braintree, Shopify and others.

mod braintree_access_token;
mod duffel_token;
mod easypost_key;
mod flutterwave_secret_key;
mod plaid_access_token;
mod shippo_token;
mod shopify_access_token;
mod shopify_custom_app_token;
mod shopify_private_app_token;
mod shopify_shared_secret;
mod square_access_token;
mod square_oauth_secret;
mod stripe_restricted_key;
mod stripe_secret_key;
mod stripe_test_secret_key;
mod stripe_webhook_secret;

pub use braintree_access_token::BRAINTREE_ACCESS_TOKEN;
pub use duffel_token::DUFFEL_TOKEN;
pub use easypost_key::EASYPOST_KEY;
pub use flutterwave_secret_key::FLUTTERWAVE_SECRET_KEY;
pub use plaid_access_token::PLAID_ACCESS_TOKEN;
pub use shippo_token::SHIPPO_TOKEN;
pub use shopify_access_token::SHOPIFY_ACCESS_TOKEN;
pub use shopify_custom_app_token::SHOPIFY_CUSTOM_APP_TOKEN;
pub use shopify_private_app_token::SHOPIFY_PRIVATE_APP_TOKEN;
pub use shopify_shared_secret::SHOPIFY_SHARED_SECRET;
pub use square_access_token::SQUARE_ACCESS_TOKEN;
pub use square_oauth_secret::SQUARE_OAUTH_SECRET;
pub use stripe_restricted_key::STRIPE_RESTRICTED_KEY;
pub use stripe_secret_key::STRIPE_SECRET_KEY;
pub use stripe_test_secret_key::STRIPE_TEST_SECRET_KEY;
pub use stripe_webhook_secret::STRIPE_WEBHOOK_SECRET;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &STRIPE_SECRET_KEY,
    &STRIPE_RESTRICTED_KEY,
    &STRIPE_TEST_SECRET_KEY,
    &STRIPE_WEBHOOK_SECRET,
    &SQUARE_ACCESS_TOKEN,
    &SQUARE_OAUTH_SECRET,
    &BRAINTREE_ACCESS_TOKEN,
    &FLUTTERWAVE_SECRET_KEY,
    &SHIPPO_TOKEN,
    &EASYPOST_KEY,
    &PLAID_ACCESS_TOKEN,
    &DUFFEL_TOKEN,
    &SHOPIFY_ACCESS_TOKEN,
    &SHOPIFY_CUSTOM_APP_TOKEN,
    &SHOPIFY_PRIVATE_APP_TOKEN,
    &SHOPIFY_SHARED_SECRET,
];
