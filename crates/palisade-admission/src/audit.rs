//! One JSON line per decision, to a file or standard output: who asked, what, the verdict
//! and every finding with its outcome. Lines are written whole and flushed, so a crash
//! loses at most the line being written and `tail -f` sees decisions as they happen.

use std::fs::{File, OpenOptions};
use std::io::{LineWriter, Write};
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

use crate::engine::Decision;
use crate::AdmissionError;

/// Where audit lines go.
pub struct AuditLog {
    out: Option<Mutex<Sink>>,
}

enum Sink {
    File(LineWriter<File>),
    Stdout,
}

#[derive(Serialize)]
struct Line<'a> {
    ts: String,
    #[serde(flatten)]
    decision: &'a Decision,
    latency_us: u64,
}

impl AuditLog {
    /// No audit log.
    pub fn none() -> AuditLog {
        AuditLog { out: None }
    }

    /// Appends to `path`, or writes to standard output for `-`.
    pub fn open(path: &Path) -> Result<AuditLog, AdmissionError> {
        let sink = if path.as_os_str() == "-" {
            Sink::Stdout
        } else {
            let f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| {
                    AdmissionError::new(format!("{}: cannot open audit log: {e}", path.display()))
                })?;
            Sink::File(LineWriter::new(f))
        };
        Ok(AuditLog {
            out: Some(Mutex::new(sink)),
        })
    }

    /// Records one decision.
    pub fn record(&self, decision: &Decision, latency_us: u64) {
        let Some(out) = &self.out else {
            return;
        };
        let ts = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let mut line = match serde_json::to_vec(&Line {
            ts,
            decision,
            latency_us,
        }) {
            Ok(l) => l,
            Err(_) => return,
        };
        line.push(b'\n');
        if let Ok(mut sink) = out.lock() {
            // An audit line that cannot be written must not fail the request.
            let _ = match &mut *sink {
                Sink::File(f) => f.write_all(&line),
                Sink::Stdout => std::io::stdout().lock().write_all(&line),
            };
        }
    }
}
