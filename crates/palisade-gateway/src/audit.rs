//! The audit log: one JSON line per request, written by a background thread.
//!
//! The request path only formats its line and hands it to a bounded channel; a dedicated
//! thread drains it every few milliseconds and writes through a buffer, so a slow disk
//! never stalls a request. When the channel is full the line is dropped and counted (the count is exported
//! as a metric) rather than blocking the proxy. Lines hold identities (subject, key *name*,
//! SPIFFE ID), never a token, key or secret.

use std::io::Write;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender, TryRecvError};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::config::AuditTarget;

/// How often the writer thread drains the queue (and the longest a line waits).
const WRITER_TICK: Duration = Duration::from_millis(10);

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
        let (tx, rx) = sync_channel::<String>(64 * 1024);
        std::thread::Builder::new()
            .name("palisade-audit".into())
            .spawn(move || {
                let mut w = std::io::BufWriter::with_capacity(64 * 1024, out);
                // Drain, write, flush, sleep: the writer is never parked on the channel, so
                // a request handing over its line never has to wake it (a futex wake and a
                // context switch per line cost more than formatting the line). Lines
                // reach the file within a tick.
                loop {
                    let mut wrote = false;
                    loop {
                        match rx.try_recv() {
                            Ok(line) => {
                                let _ = w.write_all(line.as_bytes());
                                wrote = true;
                            }
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => {
                                let _ = w.flush();
                                return;
                            }
                        }
                    }
                    if wrote {
                        let _ = w.flush();
                    }
                    std::thread::sleep(WRITER_TICK);
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
        let mut line = String::with_capacity(256);
        rec.encode_line(&mut line);
        if tx.try_send(line).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Lines dropped because the writer could not keep up.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

impl AuditRecord {
    /// Appends the record as one JSON line (with its newline). Written by hand rather than
    /// through serde: this runs once per request, and the generic serializer cost more
    /// than the rest of the audit path together. The output is the same JSON document
    /// (a test compares it with serde's).
    pub fn encode_line(&self, out: &mut String) {
        use std::fmt::Write as _;
        out.push_str("{\"time\":");
        json_str(out, &self.time);
        out.push_str(",\"client_ip\":");
        match self.client_ip {
            Some(IpAddr::V4(ip)) => {
                out.push('"');
                for (i, octet) in ip.octets().into_iter().enumerate() {
                    if i > 0 {
                        out.push('.');
                    }
                    push_uint(out, u64::from(octet));
                }
                out.push('"');
            }
            Some(ip) => {
                let _ = write!(out, "\"{ip}\"");
            }
            None => out.push_str("null"),
        }
        out.push_str(",\"identity\":");
        json_opt_str(out, self.identity.as_deref());
        out.push_str(",\"route\":");
        json_opt_str(out, self.route.as_deref());
        out.push_str(",\"method\":");
        json_str(out, &self.method);
        out.push_str(",\"path\":");
        json_str(out, &self.path);
        out.push_str(",\"status\":");
        push_uint(out, u64::from(self.status));
        out.push_str(",\"latency_ms\":");
        if self.latency_ms.is_finite() && self.latency_ms >= 0.0 {
            // Microsecond resolution, as `latency_ms` is rounded to.
            let us = (self.latency_ms * 1000.0).round() as u64;
            push_uint(out, us / 1000);
            out.push('.');
            push_padded(out, us % 1000, 3);
        } else {
            out.push_str("null");
        }
        out.push_str(",\"bytes_in\":");
        match self.bytes_in {
            Some(n) => push_uint(out, n),
            None => out.push_str("null"),
        }
        out.push_str(",\"bytes_out\":");
        push_uint(out, self.bytes_out);
        out.push_str(",\"decision\":");
        json_str(out, self.decision);
        out.push_str(",\"reason\":");
        json_opt_str(out, self.reason.as_deref());
        out.push_str(if self.complete {
            ",\"complete\":true}\n"
        } else {
            ",\"complete\":false}\n"
        });
    }
}

fn json_opt_str(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => json_str(out, s),
        None => out.push_str("null"),
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    use std::fmt::Write as _;
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

/// Decimal digits of `n`.
fn push_uint(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Decimal digits of `n`, zero-padded to `width` (`n` must fit).
fn push_padded(out: &mut String, n: u64, width: u32) {
    let mut div = 10u64.pow(width.saturating_sub(1));
    while div > 0 {
        out.push((b'0' + (n / div % 10) as u8) as char);
        div /= 10;
    }
}

thread_local! {
    /// The formatted `YYYY-MM-DDTHH:MM:SS` of the last second seen on this thread.
    static SECOND: std::cell::RefCell<(u64, String)> = const { std::cell::RefCell::new((u64::MAX, String::new())) };
}

/// RFC 3339 time now, UTC, with microseconds. The date and time of day are formatted once
/// per second and thread; only the fraction is written per call.
pub fn now_rfc3339() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since.as_secs();
    SECOND.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.0 != secs {
            let at = i64::try_from(secs)
                .ok()
                .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
            let (date, t) = (at.date(), at.time());
            cache.1 = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                date.year(),
                u8::from(date.month()),
                date.day(),
                t.hour(),
                t.minute(),
                t.second()
            );
            cache.0 = secs;
        }
        let mut s = String::with_capacity(27);
        s.push_str(&cache.1);
        s.push('.');
        push_padded(&mut s, u64::from(since.subsec_micros()), 6);
        s.push('Z');
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> AuditRecord {
        AuditRecord {
            time: now_rfc3339(),
            client_ip: Some("2001:db8::1".parse().unwrap()),
            identity: Some("jwt:al\"ice\\\n\u{1}é😀".into()),
            route: Some("orders".into()),
            method: "GET".into(),
            path: "/orders/\t42".into(),
            status: 200,
            latency_ms: 1.234,
            bytes_in: Some(17),
            bytes_out: 4096,
            decision: "allow",
            reason: None,
            complete: true,
        }
    }

    #[test]
    fn hand_written_line_is_the_serde_document() {
        for rec in [
            sample(),
            AuditRecord::default(),
            AuditRecord {
                latency_ms: 2.0,
                client_ip: Some("10.0.0.1".parse().unwrap()),
                reason: Some("waf_detected,upgraded".into()),
                complete: false,
                ..sample()
            },
        ] {
            let mut line = String::new();
            rec.encode_line(&mut line);
            assert!(line.ends_with('\n') && !line[..line.len() - 1].contains('\n'));
            let ours: serde_json::Value = serde_json::from_str(&line).unwrap();
            let theirs = serde_json::to_value(&rec).unwrap();
            assert_eq!(ours, theirs, "{line}");
        }
    }

    #[test]
    fn numbers_are_plain_decimals() {
        let mut s = String::new();
        for n in [0u64, 7, 10, 255, 1_000_000, u64::MAX] {
            s.clear();
            push_uint(&mut s, n);
            assert_eq!(s, n.to_string());
        }
        s.clear();
        push_padded(&mut s, 42, 6);
        assert_eq!(s, "000042");
    }

    #[test]
    fn time_is_rfc3339_utc() {
        let t = now_rfc3339();
        let parsed =
            time::OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339)
                .unwrap();
        let drift = (time::OffsetDateTime::now_utc() - parsed).abs();
        assert!(drift < time::Duration::seconds(5), "{t}");
        assert_eq!(t.len(), "2026-01-02T03:04:05.123456Z".len(), "{t}");
    }
}
