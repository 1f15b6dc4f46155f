//! How much traffic a key may send.

use std::time::Duration;

/// A rate and a burst: `burst` requests may arrive at once, then one more every
/// `period / count`. Built with [`Quota::per_second`] or [`Quota::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quota {
    /// Nanoseconds between two requests at the steady rate (the emission interval, T).
    emission_interval_ns: u64,
    /// Requests allowed back to back.
    burst: u32,
}

impl Quota {
    /// `per_second` requests per second, `burst` at once. `None` if either is zero.
    pub fn per_second(per_second: u32, burst: u32) -> Option<Quota> {
        Quota::new(per_second, Duration::from_secs(1), burst)
    }

    /// `count` requests per `period`, `burst` at once. `None` if any is zero or the
    /// interval rounds to zero nanoseconds.
    pub fn new(count: u32, period: Duration, burst: u32) -> Option<Quota> {
        if count == 0 || burst == 0 {
            return None;
        }
        let period_ns = u64::try_from(period.as_nanos()).ok()?;
        let emission_interval_ns = period_ns / u64::from(count);
        if emission_interval_ns == 0 {
            return None;
        }
        Some(Quota {
            emission_interval_ns,
            burst,
        })
    }

    /// Time between two requests at the steady rate.
    pub fn emission_interval(&self) -> Duration {
        Duration::from_nanos(self.emission_interval_ns)
    }

    /// Requests allowed back to back.
    pub fn burst(&self) -> u32 {
        self.burst
    }

    pub(crate) fn emission_interval_ns(&self) -> u64 {
        self.emission_interval_ns
    }

    /// How far ahead of now the TAT may run: `burst × T`.
    pub(crate) fn tolerance_ns(&self) -> u64 {
        self.emission_interval_ns
            .saturating_mul(u64::from(self.burst))
    }
}
