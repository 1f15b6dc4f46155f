//! Rate limiting for Palisade's gateway: the generic cell rate algorithm (GCRA), in
//! process ([`LocalLimiter`]) and shared between gateway replicas through Redis
//! ([`RedisLimiter`]).
//!
//! GCRA keeps one number per key — the *theoretical arrival time* (TAT) — instead of a
//! counter and a window, so it is exact (no window-edge bursts), needs no background
//! refill, and a key whose TAT is in the past is indistinguishable from a new key, which is
//! what makes evicting idle keys free of side effects.
//!
//! What it deliberately does not do: pick the key (client IP, JWT subject, API key or a
//! header — that is the gateway's route configuration), or write the 429 response
//! ([`Decision::retry_after_header`] gives the `Retry-After` value).

mod decision;
mod local;
mod quota;
mod redis_limiter;

pub use decision::Decision;
pub use local::{LocalLimiter, LocalLimiterSettings};
pub use quota::Quota;
pub use redis_limiter::{
    Degraded, FailPolicy, RateLimitError, RedisDecision, RedisLimiter, RedisLimiterSettings,
};
