//! Prometheus metrics, rendered in the text exposition format: decisions by rule and
//! outcome, requests by endpoint and result, and a latency histogram. Hand-written because
//! the set is small and fixed; counters are atomics so the request path never waits long.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Histogram bucket upper bounds, in seconds.
const BUCKETS: [f64; 12] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0,
];

/// Every metric the webhook exports.
#[derive(Default)]
pub struct Metrics {
    decisions: Mutex<HashMap<(String, &'static str), u64>>,
    requests: Mutex<HashMap<(&'static str, &'static str), u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_nanos: AtomicU64,
    reloads: Mutex<HashMap<&'static str, u64>>,
}

impl Metrics {
    /// Counts one finding's outcome (`deny`, `warn`, `audit`).
    pub fn decision(&self, rule: &str, outcome: &'static str) {
        if let Ok(mut m) = self.decisions.lock() {
            *m.entry((rule.to_string(), outcome)).or_default() += 1;
        }
    }

    /// Counts one request (`allowed`, `denied`, `patched`, `bad_request`, ...) and its
    /// latency.
    pub fn request(&self, endpoint: &'static str, result: &'static str, latency: Duration) {
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((endpoint, result)).or_default() += 1;
        }
        let secs = latency.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_nanos
            .fetch_add(latency.as_nanos() as u64, Ordering::Relaxed);
    }

    /// Counts a configuration reload (`ok` or `error`).
    pub fn reload(&self, result: &'static str) {
        if let Ok(mut m) = self.reloads.lock() {
            *m.entry(result).or_default() += 1;
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP palisade_admission_decisions_total Findings at admission by rule and outcome (deny, warn, audit).\n");
        out.push_str("# TYPE palisade_admission_decisions_total counter\n");
        if let Ok(m) = self.decisions.lock() {
            let mut rows: Vec<_> = m.iter().collect();
            rows.sort();
            for ((rule, outcome), n) in rows {
                let _ = writeln!(
                    out,
                    "palisade_admission_decisions_total{{rule=\"{}\",outcome=\"{outcome}\"}} {n}",
                    escape(rule)
                );
            }
        }
        out.push_str(
            "# HELP palisade_admission_requests_total Admission requests by endpoint and result.\n",
        );
        out.push_str("# TYPE palisade_admission_requests_total counter\n");
        if let Ok(m) = self.requests.lock() {
            let mut rows: Vec<_> = m.iter().collect();
            rows.sort();
            for ((endpoint, result), n) in rows {
                let _ = writeln!(
                    out,
                    "palisade_admission_requests_total{{endpoint=\"{endpoint}\",result=\"{result}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP palisade_admission_request_duration_seconds Time to decide on a review, body read to response.\n");
        out.push_str("# TYPE palisade_admission_request_duration_seconds histogram\n");
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "palisade_admission_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                self.buckets[i].load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "palisade_admission_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "palisade_admission_request_duration_seconds_sum {}",
            self.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9
        );
        let _ = writeln!(
            out,
            "palisade_admission_request_duration_seconds_count {count}"
        );
        out.push_str(
            "# HELP palisade_admission_reloads_total Configuration and policy reloads by result.\n",
        );
        out.push_str("# TYPE palisade_admission_reloads_total counter\n");
        if let Ok(m) = self.reloads.lock() {
            for (result, n) in m.iter() {
                let _ = writeln!(
                    out,
                    "palisade_admission_reloads_total{{result=\"{result}\"}} {n}"
                );
            }
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
