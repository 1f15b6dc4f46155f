//! The audit log: one JSON line per request, written by a background thread.
//!
//! The request path only formats its line and hands it to a bounded channel; a dedicated
//! thread writes through a buffer and flushes when idle, so a slow disk never stalls a
//! request. When the channel is full the line is dropped and counted (the count is exported
//! as a metric) rather than blocking the proxy. Lines hold identities (subject, key *name*,
//! SPIFFE ID), never a token, key or secret.

use std::io::Write;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::config::AuditTarget;

/// One request's audit record.
#[derive(Debug, Default, Serialize)]
pub struct AuditRecord {
    /// RFC 3339 UTC time the request arrived.
    pub time: String,
    /// Client IP (after trusted-proxy `X-Forwarded-For`).
    pub client_ip: Option<IpAddr>,
    /// Verified identity, if any.
    pub identity: Option<String>,
    /// Route name (`null` when no route matched).
    pub route: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path without the query string (queries can carry secrets).
    pub path: String,
    /// Status sent.
    pub status: u16,
    /// Milliseconds until the response head.
    pub latency_ms: f64,
    /// Request body bytes declared (content-length), if any.
    pub bytes_in: Option<u64>,
    /// Response body bytes sent.
    pub bytes_out: u64,
    /// `allow`, `deny` or `error`.
    pub decision: &'static str,
    /// Reason name for denies and errors; for allowed requests, notes such as
    /// `waf_detected`.
    pub reason: Option<String>,
    /// False when the client went away before the response was complete.
    pub complete: bool,
}

/// Hands audit lines to the writer thread.
#[derive(Clone)]
pub struct AuditLog {
    tx: Option<SyncSender<String>>,
    dropped: Arc<AtomicU64>,
}

impl AuditLog {
    /// A log that discards everything (no `audit_log` configured).
    pub fn disabled() -> Self {
        AuditLog {
            tx: None,
            dropped: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Opens the target and starts the writer thread.
    pub fn start(target: &AuditTarget) -> std::io::Result<Self> {
        let out: Box<dyn Write + Send> = match target {
            AuditTarget::Stdout => Box::new(std::io::stdout()),
            AuditTarget::File(p) => Box::new(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                    .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))?,
            ),
        };
        let (tx, rx) = sync_channel::<String>(16 * 1024);
        std::thread::Builder::new()
            .name("palisade-audit".into())
            .spawn(move || {
                let mut w = std::io::BufWriter::with_capacity(64 * 1024, out);
                loop {
                    match rx.recv_timeout(Duration::from_millis(200)) {
                        Ok(line) => {
                            let _ = w.write_all(line.as_bytes());
                        }
                        Err(RecvTimeoutError::Timeout) => {
                            let _ = w.flush();
                        }
                        Err(RecvTimeoutError::Disconnected) => {
                            let _ = w.flush();
                            return;
                        }
                    }
                }
            })?;
        Ok(AuditLog {
            tx: Some(tx),
            dropped: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Whether records are wanted at all.
    pub fn enabled(&self) -> bool {
        self.tx.is_some()
    }

    /// Queues one record; never blocks.
    pub fn write(&self, rec: &AuditRecord) {
        let Some(tx) = &self.tx else { return };
        let mut line = match serde_json::to_string(rec) {
            Ok(l) => l,
            Err(_) => return,
        };
        line.push('\n');
        if tx.try_send(line).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Lines dropped because the writer could not keep up.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

/// RFC 3339 time now.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
