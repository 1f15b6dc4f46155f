//! Errors in configuration and key loading (never on the request path: that is [`crate::Denial`]).

use std::path::PathBuf;

/// Why the authentication configuration or its key material could not be used.
///
/// Each variant names where the problem is (a file, a URL or a setting) so the operator
/// can fix it without guessing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthnError {
    /// A file (JWKS, CA bundle, revocation list) could not be read, parsed or written.
    #[error("{}: {reason}", path.display())]
    File {
        /// The file in question.
        path: PathBuf,
        /// What went wrong, for a person.
        reason: String,
    },
    /// A JWKS URL could not be fetched or its document was unusable.
    #[error("JWKS {url}: {reason}")]
    Fetch {
        /// The URL that was fetched.
        url: String,
        /// What went wrong, for a person.
        reason: String,
    },
    /// A setting is invalid (names the setting).
    #[error("{setting}: {reason}")]
    Setting {
        /// The setting's name, e.g. `jwt.issuer`.
        setting: &'static str,
        /// What is wrong with it and what is expected.
        reason: String,
    },
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
}
