//! Palisade's Kubernetes admission webhook: the same rules as `palisade scan`, applied to
//! each object the API server is about to store. `/validate` allows, warns or denies
//! (modes per rule and per namespace, exemptions by namespace, user and group); `/mutate`
//! adds safe security defaults where they are unset; `/metrics`, `/healthz` and `/readyz`
//! serve operations. HTTPS only (rustls); configuration, policies and the certificate
//! reload on file change; SIGTERM drains requests in flight.
//!
//! Deliberately not here: the rules themselves (`palisade-rules`), whole-scan rules (the
//! `network` family needs every object of a namespace, which one admission request does
//! not carry: they are excluded), talking to the API server (the webhook only answers).
#![warn(missing_docs)]

pub mod audit;
pub mod certs;
pub mod config;
pub mod engine;
pub mod evaluate;
pub mod manifests;
pub mod metrics;
pub mod mutate;
pub mod policies;
pub mod reload;
pub mod review;
pub mod server;
pub mod tls;

pub use config::{Config, Mode};
pub use engine::{Decision, Endpoint, Engine};
pub use evaluate::{BuiltinRules, Evaluator, ReviewContext};
pub use server::{ServeOptions, Server};

/// A startup, configuration or reload problem, worded for a person (file and line first
/// where there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdmissionError(pub String);

impl AdmissionError {
    /// Wraps a message.
    pub fn new(message: impl Into<String>) -> Self {
        AdmissionError(message.into())
    }
}

impl std::fmt::Display for AdmissionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AdmissionError {}

/// One structured log line on standard error.
pub fn log(level: &str, message: &str) {
    let ts = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    eprintln!(
        "{}",
        serde_json::json!({"ts": ts, "level": level, "msg": message})
    );
}
