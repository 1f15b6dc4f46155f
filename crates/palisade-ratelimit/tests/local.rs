//! The in-process GCRA limiter, with time passed in so every figure is exact.

use std::sync::Arc;
use std::time::{Duration, Instant};

use palisade_ratelimit::{Decision, LocalLimiter, LocalLimiterSettings, Quota};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn burst_then_steady_rate_with_exact_retry_after() {
    let limiter = LocalLimiter::default();
    let quota = Quota::per_second(5, 5).expect("quota");
    let t0 = Instant::now();
    for remaining in (0..5).rev() {
        assert_eq!(
            limiter.check(b"k", &quota, t0),
            Decision::Allow { remaining }
        );
    }
    assert_eq!(
        limiter.check(b"k", &quota, t0),
        Decision::Deny {
            retry_after: ms(200)
        }
    );
    assert_eq!(
        limiter.check(b"k", &quota, t0 + ms(50)),
        Decision::Deny {
            retry_after: ms(150)
        }
    );
    // One more every 200 ms, exactly.
    assert_eq!(
        limiter.check(b"k", &quota, t0 + ms(200)),
        Decision::Allow { remaining: 0 }
    );
    assert!(!limiter.check(b"k", &quota, t0 + ms(399)).is_allowed());
    assert!(limiter.check(b"k", &quota, t0 + ms(400)).is_allowed());
    for i in 3..50 {
        assert!(
            limiter.check(b"k", &quota, t0 + ms(200 * i)).is_allowed(),
            "{i}"
        );
    }
    // After a quiet second the whole burst is back.
    let later = t0 + ms(200 * 49) + Duration::from_secs(1);
    assert_eq!(
        limiter.check(b"k", &quota, later),
        Decision::Allow { remaining: 4 }
    );
}

#[test]
fn partial_refill() {
    let limiter = LocalLimiter::default();
    let quota = Quota::new(10, Duration::from_secs(60), 10).expect("quota"); // one per 6 s
    let t0 = Instant::now();
    for _ in 0..10 {
        assert!(limiter.check(b"k", &quota, t0).is_allowed());
    }
    assert!(!limiter.check(b"k", &quota, t0).is_allowed());
    // 13 s later, two have come back.
    let t = t0 + Duration::from_secs(13);
    assert_eq!(
        limiter.check(b"k", &quota, t),
        Decision::Allow { remaining: 1 }
    );
    assert_eq!(
        limiter.check(b"k", &quota, t),
        Decision::Allow { remaining: 0 }
    );
    assert_eq!(
        limiter.check(b"k", &quota, t),
        Decision::Deny {
            retry_after: Duration::from_secs(5)
        }
    );
}

#[test]
fn keys_are_independent_and_any_bytes() {
    let limiter = LocalLimiter::default();
    let quota = Quota::per_second(1, 1).expect("quota");
    let t0 = Instant::now();
    let long = vec![0xffu8; 4096];
    let keys: [&[u8]; 6] = [b"", b"\0", b"a\r\nb", "ключ".as_bytes(), &long, b"10.0.0.1"];
    for key in keys {
        assert!(limiter.check(key, &quota, t0).is_allowed());
    }
    for key in keys {
        assert!(!limiter.check(key, &quota, t0).is_allowed());
    }
    assert_eq!(limiter.len(), 6);
}

#[test]
fn memory_is_bounded_under_a_flood_of_distinct_keys() {
    let limiter = LocalLimiter::new(LocalLimiterSettings {
        max_keys: 1000,
        shards: 8,
    });
    // Slow refill: every key stays active, so room must be made by forced eviction.
    let quota = Quota::new(1, Duration::from_secs(3600), 1).expect("quota");
    let t0 = Instant::now();
    for i in 0..100_000u32 {
        limiter.check(&i.to_le_bytes(), &quota, t0);
    }
    assert!(limiter.len() <= 1000, "{}", limiter.len());
    assert!(limiter.forced_evictions() > 0);
}

#[test]
fn refilled_keys_are_dropped_first_without_forced_eviction() {
    let limiter = LocalLimiter::new(LocalLimiterSettings {
        max_keys: 100,
        shards: 1,
    });
    let quota = Quota::per_second(100, 1).expect("quota"); // refilled after 10 ms
    let t0 = Instant::now();
    for i in 0..10_000u32 {
        // Each key arrives 20 ms after the previous one: all earlier keys are idle.
        limiter.check(&i.to_le_bytes(), &quota, t0 + ms(u64::from(i) * 20));
    }
    assert!(limiter.len() <= 100);
    assert_eq!(limiter.forced_evictions(), 0);
}

#[test]
fn purge_idle_forgets_only_refilled_keys() {
    let limiter = LocalLimiter::default();
    let fast = Quota::per_second(10, 1).expect("quota");
    let slow = Quota::new(1, Duration::from_secs(60), 1).expect("quota");
    let t0 = Instant::now();
    limiter.check(b"fast", &fast, t0);
    limiter.check(b"slow", &slow, t0);
    assert_eq!(limiter.purge_idle(t0 + Duration::from_secs(1)), 1);
    assert_eq!(limiter.len(), 1);
    assert!(!limiter
        .check(b"slow", &slow, t0 + Duration::from_secs(1))
        .is_allowed());
}

#[test]
fn concurrent_callers_share_one_budget_exactly() {
    let limiter = Arc::new(LocalLimiter::default());
    let quota = Quota::per_second(1, 100).expect("quota");
    let t0 = Instant::now();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let limiter = limiter.clone();
            std::thread::spawn(move || {
                (0..100)
                    .filter(|_| limiter.check(b"shared", &quota, t0).is_allowed())
                    .count()
            })
        })
        .collect();
    let allowed: usize = threads.into_iter().map(|t| t.join().expect("thread")).sum();
    assert_eq!(allowed, 100);
}

#[test]
fn quota_validation_and_retry_after_header() {
    assert!(Quota::per_second(0, 5).is_none());
    assert!(Quota::per_second(5, 0).is_none());
    assert!(Quota::new(2_000_000_000, Duration::from_nanos(1), 1).is_none());
    let q = Quota::per_second(4, 2).expect("quota");
    assert_eq!(q.emission_interval(), ms(250));
    assert_eq!(q.burst(), 2);
    let deny = |d| Decision::Deny { retry_after: d };
    assert_eq!(deny(ms(1)).retry_after_header(), Some(1));
    assert_eq!(deny(ms(1000)).retry_after_header(), Some(1));
    assert_eq!(deny(ms(1001)).retry_after_header(), Some(2));
    assert_eq!(deny(Duration::ZERO).retry_after_header(), Some(1));
    assert_eq!(Decision::Allow { remaining: 3 }.retry_after_header(), None);
}
