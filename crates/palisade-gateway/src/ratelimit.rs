//! Rate limiting per route on top of `palisade-ratelimit`: local GCRA (one limiter shared
//! by all routes and kept across reloads) or Redis GCRA with a fail-open/closed policy.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::HeaderMap;
use palisade_authn::{AuthMethod, Identity};
use palisade_ratelimit::{FailPolicy, LocalLimiter, Quota, RedisLimiter, RedisLimiterSettings};

use crate::config::{RateKey, RateLimit};
use crate::decision::{Deny, Reason};

enum Backend {
    Local(Arc<LocalLimiter>),
    Redis(RedisLimiter),
}

/// A route's compiled rate limit.
pub struct RouteLimiter {
    prefix: Vec<u8>,
    key: RateKey,
    quota: Quota,
    backend: Backend,
}

/// What the limiter decided beyond pass/deny (for the audit line).
pub enum Outcome {
    /// Counted and allowed.
    Allowed,
    /// Redis was unreachable and the policy let the request through.
    AllowedDegraded,
}

impl RouteLimiter {
    /// Builds the limiter; Redis connections are made lazily.
    pub fn new(
        route: &str,
        cfg: &RateLimit,
        local: &Arc<LocalLimiter>,
    ) -> Result<RouteLimiter, String> {
        let per_request = Duration::from_secs_f64(1.0 / cfg.per_second);
        let quota = Quota::new(1, per_request, cfg.burst)
            .ok_or_else(|| "rate_limit: per_second is too high".to_string())?;
        let backend = match &cfg.redis {
            Some(r) => {
                let policy = if r.fail_open {
                    FailPolicy::Open
                } else {
                    FailPolicy::Closed
                };
                let mut settings = RedisLimiterSettings::new(r.url.clone(), policy);
                settings.key_prefix = "palisade:rl:".into();
                Backend::Redis(
                    RedisLimiter::new(settings).map_err(|e| format!("rate_limit.redis: {e}"))?,
                )
            }
            None => Backend::Local(local.clone()),
        };
        let mut prefix = route.as_bytes().to_vec();
        prefix.push(0);
        Ok(RouteLimiter {
            prefix,
            key: cfg.key.clone(),
            quota,
            backend,
        })
    }

    /// Counts the request under its key.
    pub async fn check(
        &self,
        client_ip: IpAddr,
        identity: Option<&Identity>,
        headers: &HeaderMap,
    ) -> Result<Outcome, Deny> {
        let mut key = self.prefix.clone();
        // A missing key falls back to the client IP: never an unlimited bucket.
        let part: Option<&[u8]> = match &self.key {
            RateKey::ClientIp => None,
            RateKey::JwtSub => identity
                .filter(|i| i.method == AuthMethod::Jwt)
                .map(|i| i.subject.as_bytes()),
            RateKey::ApiKey => identity
                .filter(|i| i.method == AuthMethod::ApiKey)
                .map(|i| i.subject.as_bytes()),
            RateKey::Header(h) => headers.get(h).map(|v| v.as_bytes()),
        };
        match part {
            Some(p) => {
                key.push(b'k');
                key.extend_from_slice(p);
            }
            None => {
                key.push(b'i');
                key.extend_from_slice(client_ip.to_string().as_bytes());
            }
        }
        let (decision, degraded) = match &self.backend {
            Backend::Local(l) => (l.check(&key, &self.quota, Instant::now()), None),
            Backend::Redis(r) => {
                // Boxed: the Redis round trip's state is large, and the local path (the
                // common one) should not carry it in every request's future.
                let d = Box::pin(r.check(&key, &self.quota)).await;
                (d.decision, d.degraded)
            }
        };
        match (decision.is_allowed(), degraded) {
            (true, None) => Ok(Outcome::Allowed),
            (true, Some(_)) => Ok(Outcome::AllowedDegraded),
            (false, None) => Err(Deny {
                reason: Reason::RateLimited,
                detail: None,
                retry_after: decision.retry_after_header(),
            }),
            (false, Some(why)) => Err(Deny {
                reason: Reason::RateLimiterUnavailable,
                detail: Some(why.reason().to_string()),
                retry_after: decision.retry_after_header(),
            }),
        }
    }
}
