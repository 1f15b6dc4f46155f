//! Request inspection for Palisade's zero-trust API gateway.
//!
//! Three independent checks, each a plain function of the request's parts, so the gateway
//! (or anything else) calls them without conversions:
//!
//! - [`normalize_path`]: one canonical spelling of the request path, or a
//!   [`PathViolation`] for traversal, double encoding, encoded separators, overlong UTF-8
//!   and control characters.
//! - [`Inspector`]: SQL injection and XSS detection on query parameters, form fields, JSON
//!   values and keys, multipart text parts and selected headers, configured by
//!   [`WafConfig`] (kinds, paranoia level, bytes inspected). SQL is judged the way
//!   libinjection does it — tokenised as SQL would be, in the three contexts a value can
//!   land in (as code, inside `'…'`, inside `"…"`), and the token sequence judged — so
//!   `O'Reilly` or `select a size` pass. XSS is matched after the Core Rule Set's kind of
//!   normalisation (URL and HTML-entity decoding, JS escapes, case).
//!   Each [`Detection`] carries a rule id, a [`Location`] and an excerpt that is bounded,
//!   escaped and redacted, so it can go into an audit log as is.
//! - [`openapi::OpenApi`]: validation of method, path, parameters, content type and JSON
//!   body against an OpenAPI 3.0/3.1 document.
//!
//! Deliberately not here: blocking or detect-only mode, HTTP serving, logging (the gateway
//! decides what to do with a detection), response inspection, and rate limiting.
#![warn(missing_docs)]

mod config;
mod detection;
mod inspect;
mod multipart;
mod normalize;
pub mod openapi;
mod path;
pub mod rules;
mod sqli;
mod xss;

pub use config::{Paranoia, WafConfig};
pub use detection::{
    sanitize, AttackKind, Detection, Location, MAX_EXCERPT_CHARS, MAX_LOCATION_CHARS,
};
pub use inspect::Inspector;
pub use openapi::{ApiViolation, MatchedOperation, OpenApi, OpenApiError, ViolationKind};
pub use path::{
    check_path, decode_segment_lossy, normalize_path, split_path_query, PathViolation,
    MAX_PATH_BYTES,
};
