//! The middle of the Palisade pipeline: one [`Finding`] type for every analyzer, the
//! [`RuleMeta`] every rule declares, and the policy step that decides what is reported
//! (configuration, ignores with reasons and expiry, baselines, `--fail-on`).
//!
//! Deliberately not here: reading inputs (see `palisade-k8s`), the rules themselves
//! (`palisade-rules`) and output formats (`palisade-report`).
#![warn(missing_docs)]

pub mod baseline;
pub mod config;
mod finding;
mod rule;
mod severity;

pub use finding::{fingerprint, Finding, InputError, Location, ObjectRef, ScanResult, ScanStats};
pub use rule::RuleMeta;
pub use severity::Severity;

/// Version of the JSON output schema (`schemaVersion`); bump on any breaking change.
pub const SCHEMA_VERSION: &str = "1.0";
