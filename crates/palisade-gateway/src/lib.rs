//! A zero-trust API gateway: TLS/mTLS termination, routing to upstream clusters, identity
//! and authorization per route, limits and request hygiene, security headers, and an
//! audit line plus metrics for every request.
//!
//! The request path is a pipeline of small phases, one concern per module (network rules,
//! hygiene, routing, authorization, upstream), assembled in [`proxy`]'s one function; each
//! phase is testable alone and a deny in any phase means no byte reaches the upstream.
//! Configuration is strict YAML with positions ([`config`]); a compiled form is swapped
//! atomically on reload ([`runtime`], [`reload`]).
//!
//! Deliberately not here: being a general-purpose load balancer (no weights, no
//! service discovery), response caching, or HTTP/3.

pub mod activity;
pub mod admin;
pub mod audit;
pub mod authn;
pub mod body;
pub mod config;
pub mod decision;
pub mod framing;
pub mod headers;
pub mod hygiene;
pub mod identity;
pub mod metrics;
pub mod netrules;
pub mod proxy;
pub mod ratelimit;
pub mod reload;
pub mod router;
pub mod runtime;
pub mod server;
pub mod tls;
pub mod upstream;
mod upstream_conn;
pub mod waf;
mod yaml_read;

pub use config::{Config, ConfigError};
pub use server::{Bound, Gateway, StartError};

/// Runs the gateway for `path` until the process ends: binds, serves on one worker thread
/// per core (see [`Gateway::bind_workers`]), and reloads on SIGHUP or file change. The
/// caller's runtime serves the admin listener, reloads and health checks.
/// `workers` defaults to one per CPU core.
pub async fn run(path: &std::path::Path, workers: Option<usize>) -> Result<(), StartError> {
    let workers = workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    // Before compiling: each upstream keeps one idle list per worker.
    upstream::set_worker_count(workers);
    let gw = Gateway::load(path)?;
    let (bound, threads) = gw.bind_workers(workers).await?;
    eprintln!(
        "palisade gateway: listening on {}{} ({} workers)",
        bound.public,
        bound
            .admin
            .map(|a| format!(", admin on {a}"))
            .unwrap_or_default(),
        threads.len()
    );
    tokio::spawn(reload::on_sighup(gw.clone()));
    tokio::spawn(reload::watch_file(gw.clone()));
    // Workers serve until the process ends; they only return if their runtime dies.
    let _ = tokio::task::spawn_blocking(move || {
        for t in threads {
            let _ = t.join();
        }
    })
    .await;
    Err(StartError("every gateway worker stopped".into()))
}
