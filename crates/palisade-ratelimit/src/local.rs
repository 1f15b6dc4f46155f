//! GCRA in process memory, for one gateway replica.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::{Decision, Quota};

/// One shard: key → theoretical arrival time in nanoseconds since the limiter's epoch.
type Shard = HashMap<Box<[u8]>, u64>;

/// Sizing of a [`LocalLimiter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalLimiterSettings {
    /// The most keys remembered at once (default 100,000). Keys whose budget has fully
    /// refilled are dropped first, which changes nothing; only if every slot holds an
    /// active key is the key closest to refilled dropped (counted in
    /// [`LocalLimiter::forced_evictions`]), which gives that key a fresh burst. Size it
    /// above the number of keys expected to be active within one refill period.
    pub max_keys: usize,
    /// Independent locks (default 64): more shards, less contention between cores.
    pub shards: usize,
}

impl Default for LocalLimiterSettings {
    fn default() -> Self {
        LocalLimiterSettings {
            max_keys: 100_000,
            shards: 64,
        }
    }
}

/// GCRA state per key, in a sharded map with a hard bound on the number of keys, so a
/// flood of distinct keys (spoofed headers, many client IPs) cannot grow memory.
///
/// Keys are hashed with std's randomly seeded SipHash: keys come from clients, and a
/// predictable hash would let them pile into one shard.
#[derive(Debug)]
pub struct LocalLimiter {
    shards: Box<[Mutex<Shard>]>,
    hasher: RandomState,
    per_shard: usize,
    epoch: Instant,
    forced_evictions: AtomicU64,
}

impl Default for LocalLimiter {
    fn default() -> Self {
        LocalLimiter::new(LocalLimiterSettings::default())
    }
}

impl LocalLimiter {
    /// An empty limiter (zero `shards` or `max_keys` are treated as one).
    pub fn new(settings: LocalLimiterSettings) -> LocalLimiter {
        let shards = settings.shards.max(1);
        let per_shard = settings.max_keys.max(1).div_ceil(shards);
        LocalLimiter {
            shards: (0..shards).map(|_| Mutex::new(HashMap::new())).collect(),
            hasher: RandomState::new(),
            per_shard,
            epoch: Instant::now(),
            forced_evictions: AtomicU64::new(0),
        }
    }

    /// Counts one request for `key` at `now` and decides. `now` is passed in so tests
    /// and simulations control time; the gateway passes `Instant::now()`.
    pub fn check(&self, key: &[u8], quota: &Quota, now: Instant) -> Decision {
        let now_ns =
            u64::try_from(now.saturating_duration_since(self.epoch).as_nanos()).unwrap_or(u64::MAX);
        let t = quota.emission_interval_ns();
        let tolerance = quota.tolerance_ns();
        let shard_index = (self.hasher.hash_one(key) % self.shards.len() as u64) as usize;
        let mut shard = self.shards[shard_index]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let tat = shard.get(key).copied().unwrap_or(now_ns).max(now_ns);
        let new_tat = tat.saturating_add(t);
        let ahead = new_tat - now_ns;
        if ahead > tolerance {
            return Decision::Deny {
                retry_after: Duration::from_nanos(ahead - tolerance),
            };
        }
        let remaining = u32::try_from((tolerance - ahead) / t).unwrap_or(u32::MAX);
        if let Some(slot) = shard.get_mut(key) {
            *slot = new_tat;
        } else {
            if shard.len() >= self.per_shard {
                self.make_room(&mut shard, now_ns);
            }
            shard.insert(key.into(), new_tat);
        }
        Decision::Allow { remaining }
    }

    /// Keys currently remembered.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().map(|m| m.len()).unwrap_or(0))
            .sum()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many still-limited keys had to be dropped for room (see
    /// [`LocalLimiterSettings::max_keys`]); worth a metric and a warning.
    pub fn forced_evictions(&self) -> u64 {
        self.forced_evictions.load(Ordering::Relaxed)
    }

    /// Drops every key whose budget has fully refilled at `now` (equivalent to never having
    /// seen it). The gateway may call this periodically; `check` does it by itself when a
    /// shard is full.
    pub fn purge_idle(&self, now: Instant) -> usize {
        let now_ns =
            u64::try_from(now.saturating_duration_since(self.epoch).as_nanos()).unwrap_or(u64::MAX);
        let mut dropped = 0;
        for shard in self.shards.iter() {
            let mut shard = shard.lock().unwrap_or_else(|p| p.into_inner());
            let before = shard.len();
            shard.retain(|_, tat| *tat > now_ns);
            dropped += before - shard.len();
        }
        dropped
    }

    /// Frees at least one slot: first every refilled key, then — if all are active — the
    /// eighth of keys closest to refilled, so the O(n) scan happens once per n/8 inserts.
    fn make_room(&self, shard: &mut Shard, now_ns: u64) {
        shard.retain(|_, tat| *tat > now_ns);
        if shard.len() < self.per_shard {
            return;
        }
        let mut tats: Vec<u64> = shard.values().copied().collect();
        let cut = (tats.len() / 8).max(1) - 1;
        let (_, threshold, _) = tats.select_nth_unstable(cut);
        let threshold = *threshold;
        let before = shard.len();
        shard.retain(|_, tat| *tat > threshold);
        self.forced_evictions
            .fetch_add((before - shard.len()) as u64, Ordering::Relaxed);
    }
}
