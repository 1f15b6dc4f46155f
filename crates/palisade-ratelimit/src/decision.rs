//! The answer for one request.

use std::time::Duration;

/// Whether a request may pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Pass; `remaining` more requests would pass right now.
    Allow {
        /// Requests left in the burst after this one.
        remaining: u32,
    },
    /// Refuse with 429; the same key is allowed again after `retry_after`.
    Deny {
        /// Time until one request would pass.
        retry_after: Duration,
    },
}

impl Decision {
    /// Whether the request may pass.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow { .. })
    }

    /// The `Retry-After` header value in whole seconds, rounded up (HTTP has no fractions,
    /// and rounding down would invite a retry that is refused again); `None` for Allow.
    pub fn retry_after_header(&self) -> Option<u64> {
        match self {
            Decision::Allow { .. } => None,
            Decision::Deny { retry_after } => {
                let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
                Some(secs.max(1))
            }
        }
    }
}
