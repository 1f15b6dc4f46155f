//! Prometheus metrics: lock-free counters per route, rendered on the admin listener.
//!
//! Each route's counters live in one `RouteMetrics` of atomics; a reload keeps a route's
//! counters when its name stays, so totals never jump back. The registry's lock is taken
//! only at reload and when `/metrics` is scraped, never per request.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::decision::Reason;

/// Latency histogram bucket bounds, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Counters for one route.
pub struct RouteMetrics {
    requests_by_class: [AtomicU64; 6],
    allowed: AtomicU64,
    denied: [AtomicU64; Reason::ALL.len()],
    buckets: [AtomicU64; BUCKETS.len()],
    latency_sum_us: AtomicU64,
    latency_count: AtomicU64,
}

impl Default for RouteMetrics {
    fn default() -> Self {
        RouteMetrics {
            requests_by_class: Default::default(),
            allowed: AtomicU64::new(0),
            denied: std::array::from_fn(|_| AtomicU64::new(0)),
            buckets: Default::default(),
            latency_sum_us: AtomicU64::new(0),
            latency_count: AtomicU64::new(0),
        }
    }
}

impl RouteMetrics {
    /// Records one finished request.
    pub fn record(&self, status: u16, reason: Option<Reason>, seconds: f64) {
        let class = (status / 100).min(5) as usize;
        self.requests_by_class[class].fetch_add(1, Ordering::Relaxed);
        match reason {
            Some(r) => self.denied[r.index()].fetch_add(1, Ordering::Relaxed),
            None => self.allowed.fetch_add(1, Ordering::Relaxed),
        };
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.latency_sum_us
            .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
        self.latency_count.fetch_add(1, Ordering::Relaxed);
    }
}

/// All routes' metrics by name (plus `-` for requests that matched no route).
#[derive(Default)]
pub struct Registry {
    routes: Mutex<BTreeMap<String, Arc<RouteMetrics>>>,
}

impl Registry {
    /// The counters for `route`, created on first use (at config compile time).
    pub fn route(&self, route: &str) -> Arc<RouteMetrics> {
        let mut m = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        m.entry(route.to_string()).or_default().clone()
    }

    /// Prometheus text exposition.
    pub fn render(&self, extra: &[(&str, &str, u64)]) -> String {
        let m = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::with_capacity(4096);
        out.push_str(
            "# HELP palisade_gateway_requests_total Requests by route and status class.\n",
        );
        out.push_str("# TYPE palisade_gateway_requests_total counter\n");
        for (name, r) in m.iter() {
            for (i, c) in r.requests_by_class.iter().enumerate() {
                let v = c.load(Ordering::Relaxed);
                if v > 0 {
                    let _ = writeln!(
                        out,
                        "palisade_gateway_requests_total{{route=\"{name}\",code=\"{i}xx\"}} {v}"
                    );
                }
            }
        }
        out.push_str("# HELP palisade_gateway_decisions_total Allow and deny decisions by route and reason.\n");
        out.push_str("# TYPE palisade_gateway_decisions_total counter\n");
        for (name, r) in m.iter() {
            let _ = writeln!(
                out,
                "palisade_gateway_decisions_total{{route=\"{name}\",decision=\"allow\",reason=\"\"}} {}",
                r.allowed.load(Ordering::Relaxed)
            );
            for reason in Reason::ALL {
                let v = r.denied[reason.index()].load(Ordering::Relaxed);
                if v > 0 {
                    let _ = writeln!(
                        out,
                        "palisade_gateway_decisions_total{{route=\"{name}\",decision=\"deny\",reason=\"{}\"}} {v}",
                        reason.name()
                    );
                }
            }
        }
        out.push_str(
            "# HELP palisade_gateway_request_duration_seconds Time to the response head.\n",
        );
        out.push_str("# TYPE palisade_gateway_request_duration_seconds histogram\n");
        for (name, r) in m.iter() {
            let mut cum = 0;
            for (i, b) in BUCKETS.iter().enumerate() {
                cum += r.buckets[i].load(Ordering::Relaxed);
                let _ = writeln!(
                    out,
                    "palisade_gateway_request_duration_seconds_bucket{{route=\"{name}\",le=\"{b}\"}} {cum}"
                );
            }
            let count = r.latency_count.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "palisade_gateway_request_duration_seconds_bucket{{route=\"{name}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "palisade_gateway_request_duration_seconds_sum{{route=\"{name}\"}} {}",
                r.latency_sum_us.load(Ordering::Relaxed) as f64 / 1e6
            );
            let _ = writeln!(
                out,
                "palisade_gateway_request_duration_seconds_count{{route=\"{name}\"}} {count}"
            );
        }
        for (metric, help, v) in extra {
            let _ = writeln!(
                out,
                "# HELP {metric} {help}\n# TYPE {metric} counter\n{metric} {v}"
            );
        }
        out
    }
}
