//! Messaging APIs: Twilio, SendGrid, Mailgun, Mailchimp, Brevo, Postmark.

mod brevo_key;
mod mailchimp_key;
mod mailgun_key;
mod postmark_token;
mod sendgrid_key;
mod twilio_api_key;
mod twilio_auth_token;

pub use brevo_key::BREVO_KEY;
pub use mailchimp_key::MAILCHIMP_KEY;
pub use mailgun_key::MAILGUN_KEY;
pub use postmark_token::POSTMARK_TOKEN;
pub use sendgrid_key::SENDGRID_KEY;
pub use twilio_api_key::TWILIO_API_KEY;
pub use twilio_auth_token::TWILIO_AUTH_TOKEN;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &TWILIO_API_KEY,
    &TWILIO_AUTH_TOKEN,
    &SENDGRID_KEY,
    &MAILGUN_KEY,
    &MAILCHIMP_KEY,
    &BREVO_KEY,
    &POSTMARK_TOKEN,
];
