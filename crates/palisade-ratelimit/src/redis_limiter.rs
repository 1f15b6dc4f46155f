//! GCRA shared by every gateway replica through one Redis, atomically in a Lua script.

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use crate::{Decision, Quota};

/// The script: read the TAT, decide, write the new TAT, all in one atomic step.
///
/// Time comes from Redis' own `TIME`, not from the gateways: replicas' clocks drift apart,
/// and with passed-in times a replica running ahead would spend other replicas' budget
/// (or one running behind would get extra). One clock for everyone makes the budget exact.
/// (Since Redis 5 scripts are replicated by effects, so `TIME` before a write is allowed.)
/// Times are microseconds; Lua numbers are doubles, exact to 2^53 µs (~285 years).
/// The key expires once its budget has fully refilled, so idle keys cost Redis nothing.
const GCRA_LUA: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local new_tat = tat + interval
local ahead = new_tat - now
if ahead > tolerance then
  return {0, ahead - tolerance}
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.max(1, math.ceil(ahead / 1000)))
return {1, math.floor((tolerance - ahead) / interval)}
"#;

/// What to answer when Redis cannot: a configured choice between availability and
/// protection, because neither is right for every route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailPolicy {
    /// Allow the request (availability first: a Redis outage does not become an API
    /// outage, but limits are off meanwhile).
    Open,
    /// Refuse with 429 (protection first: e.g. login endpoints).
    Closed,
}

/// Settings of a [`RedisLimiter`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisLimiterSettings {
    /// `redis://host:port/db` (or `rediss://` with TLS support compiled into `redis`).
    pub url: String,
    /// Prefix of every key in Redis (default `palisade:rl:`), so the limiter can share a
    /// Redis with other users.
    pub key_prefix: String,
    /// Time limit for one decision, connection included (default 100 ms); past it the
    /// [`FailPolicy`] decides. Keep it well below the gateway's own latency budget.
    pub timeout: Duration,
    /// What to answer while Redis is unreachable, slow or failing.
    pub fail_policy: FailPolicy,
    /// `Retry-After` of a fail-closed denial (default 1 s).
    pub fail_closed_retry_after: Duration,
}

impl RedisLimiterSettings {
    /// Settings with the defaults documented on each field.
    pub fn new(url: impl Into<String>, fail_policy: FailPolicy) -> Self {
        RedisLimiterSettings {
            url: url.into(),
            key_prefix: "palisade:rl:".to_string(),
            timeout: Duration::from_millis(100),
            fail_policy,
            fail_closed_retry_after: Duration::from_secs(1),
        }
    }
}

/// Why a decision came from the [`FailPolicy`] instead of Redis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Degraded {
    /// No answer within the timeout.
    Timeout,
    /// The connection failed or is being re-established.
    Unreachable,
    /// Redis answered with an error (e.g. out of memory, script error).
    RedisError,
}

impl Degraded {
    /// Short reason for logs and metric labels.
    pub fn reason(&self) -> &'static str {
        match self {
            Degraded::Timeout => "timeout",
            Degraded::Unreachable => "unreachable",
            Degraded::RedisError => "redis_error",
        }
    }
}

/// A decision and whether it was degraded (made by the fail policy): the gateway should
/// log and count degraded decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedisDecision {
    /// What to do with the request.
    pub decision: Decision,
    /// `Some` when Redis could not decide.
    pub degraded: Option<Degraded>,
}

/// A problem setting up or reaching Redis.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RateLimitError {
    /// The URL is not a Redis URL.
    #[error("rate_limit.redis_url `{url}`: {reason}")]
    BadUrl {
        /// The URL as configured.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// Redis could not be reached or answered with an error.
    #[error("redis: {0}")]
    Redis(String),
    /// Redis did not answer in time.
    #[error("redis: no answer within {0:?}")]
    Timeout(Duration),
}

/// GCRA in Redis, shared by every gateway replica using the same Redis and key prefix.
///
/// Connections are managed by `redis`' `ConnectionManager`, created lazily (the gateway
/// starts even while Redis is down) and re-established after failures. The script is run
/// with EVALSHA and loaded on NOSCRIPT (after a Redis restart) by `redis::Script`.
#[derive(Clone)]
pub struct RedisLimiter {
    connection: ConnectionManager,
    script: redis::Script,
    settings: RedisLimiterSettings,
}

impl std::fmt::Debug for RedisLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisLimiter")
            .field("settings", &self.settings)
            .finish()
    }
}

impl RedisLimiter {
    /// Checks the URL and prepares a lazy connection; does not contact Redis. Must be
    /// called within a tokio runtime.
    pub fn new(settings: RedisLimiterSettings) -> Result<RedisLimiter, RateLimitError> {
        let bad_url = |reason: String| RateLimitError::BadUrl {
            url: settings.url.clone(),
            reason,
        };
        let client =
            redis::Client::open(settings.url.as_str()).map_err(|e| bad_url(e.to_string()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(settings.timeout))
            .set_response_timeout(Some(settings.timeout))
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(10))
            .set_max_delay(settings.timeout);
        let connection = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| bad_url(e.to_string()))?;
        Ok(RedisLimiter {
            connection,
            script: redis::Script::new(GCRA_LUA),
            settings,
        })
    }

    /// The settings in use.
    pub fn settings(&self) -> &RedisLimiterSettings {
        &self.settings
    }

    /// Counts one request for `key` (any bytes; include the route in it when routes have
    /// different quotas) and decides; within `timeout`, or by the fail policy.
    pub async fn check(&self, key: &[u8], quota: &Quota) -> RedisDecision {
        match tokio::time::timeout(self.settings.timeout, self.try_check(key, quota)).await {
            Ok(Ok(decision)) => RedisDecision {
                decision,
                degraded: None,
            },
            Ok(Err(error)) => self.degraded(if is_connection_error(&error) {
                Degraded::Unreachable
            } else {
                Degraded::RedisError
            }),
            Err(_) => self.degraded(Degraded::Timeout),
        }
    }

    /// Asks Redis for the decision, without the timeout or fail policy.
    pub async fn try_check(
        &self,
        key: &[u8],
        quota: &Quota,
    ) -> Result<Decision, redis::RedisError> {
        let mut full_key = Vec::with_capacity(self.settings.key_prefix.len() + key.len());
        full_key.extend_from_slice(self.settings.key_prefix.as_bytes());
        full_key.extend_from_slice(key);
        let interval_us = (quota.emission_interval_ns() / 1000).max(1);
        let tolerance_us = interval_us.saturating_mul(u64::from(quota.burst()));
        let mut connection = self.connection.clone();
        let (allowed, value): (i64, i64) = self
            .script
            .key(full_key)
            .arg(interval_us)
            .arg(tolerance_us)
            .invoke_async(&mut connection)
            .await?;
        let value = u64::try_from(value).unwrap_or(0);
        Ok(if allowed == 1 {
            Decision::Allow {
                remaining: u32::try_from(value).unwrap_or(u32::MAX),
            }
        } else {
            Decision::Deny {
                retry_after: Duration::from_micros(value),
            }
        })
    }

    /// PING within the timeout: for `/readyz`.
    pub async fn ping(&self) -> Result<(), RateLimitError> {
        let mut connection = self.connection.clone();
        let command = redis::cmd("PING");
        let ping = command.query_async::<String>(&mut connection);
        match tokio::time::timeout(self.settings.timeout, ping).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(RateLimitError::Redis(e.to_string())),
            Err(_) => Err(RateLimitError::Timeout(self.settings.timeout)),
        }
    }

    fn degraded(&self, why: Degraded) -> RedisDecision {
        let decision = match self.settings.fail_policy {
            FailPolicy::Open => Decision::Allow { remaining: 0 },
            FailPolicy::Closed => Decision::Deny {
                retry_after: self.settings.fail_closed_retry_after,
            },
        };
        RedisDecision {
            decision,
            degraded: Some(why),
        }
    }
}

fn is_connection_error(error: &redis::RedisError) -> bool {
    error.is_io_error()
        || error.is_connection_dropped()
        || error.is_connection_refusal()
        || error.is_timeout()
}
