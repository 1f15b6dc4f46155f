//! What a client connection is doing, shared by its request handlers and its smuggling
//! guard ([`crate::framing`]), so the slow-client header timeout needs no timer per
//! request.
//!
//! The header timeout runs while the connection waits for a request head: from the moment
//! it was opened or its last response finished, until the next head is complete. hyper's
//! own `header_read_timeout` arms (and allocates) a fresh timer for every request; at
//! proxy speeds that was ~4% of the gateway's instructions. Here each request only counts
//! itself in and out (two atomic operations and one clock read), and the guard keeps one
//! timer per connection that is re-armed only when it fires.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Requests in flight on one connection and when it last became idle.
#[derive(Debug)]
pub struct ConnActivity {
    base: Instant,
    in_flight: AtomicU32,
    /// Nanoseconds from `base` to when the connection last had no request in flight.
    idle_since_nanos: AtomicU64,
}

impl ConnActivity {
    /// A connection that starts idle now.
    pub fn new() -> Arc<ConnActivity> {
        Arc::new(ConnActivity {
            base: Instant::now(),
            in_flight: AtomicU32::new(0),
            idle_since_nanos: AtomicU64::new(0),
        })
    }

    /// Counts a request in; it is counted out when the returned guard is dropped (after
    /// its response body ended or was abandoned).
    pub fn start_request(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(self.clone())
    }

    /// Whether a request is being handled (its head has been read, its response has not
    /// finished).
    pub fn busy(&self) -> bool {
        self.in_flight.load(Ordering::Relaxed) != 0
    }

    /// When the connection was opened or last finished a response.
    pub fn idle_since(&self) -> Instant {
        let nanos = self.idle_since_nanos.load(Ordering::Relaxed);
        self.base + std::time::Duration::from_nanos(nanos)
    }
}

/// One request in flight; dropping it counts the request out.
#[derive(Debug)]
pub struct InFlight(Arc<ConnActivity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let a = &self.0;
        if a.in_flight.fetch_sub(1, Ordering::Relaxed) == 1 {
            let nanos = u64::try_from(a.base.elapsed().as_nanos()).unwrap_or(u64::MAX);
            a.idle_since_nanos.store(nanos, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_since_moves_when_the_last_request_finishes() {
        let a = ConnActivity::new();
        let opened = a.idle_since();
        assert!(!a.busy());
        let one = a.start_request();
        let two = a.start_request();
        assert!(a.busy());
        std::thread::sleep(std::time::Duration::from_millis(5));
        drop(one);
        assert!(a.busy());
        assert_eq!(
            a.idle_since(),
            opened,
            "not idle while a request is in flight"
        );
        drop(two);
        assert!(!a.busy());
        assert!(a.idle_since() > opened);
    }
}
