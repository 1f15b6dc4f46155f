//! Every way a request can end other than "forwarded", mapped to a response in one place.
//!
//! Each reason knows its status code and a stable snake_case name used in audit lines and
//! metrics. Bodies are short, fixed JSON: an upstream's error text, a parser's message or
//! an address never reaches the client.

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode};

use crate::body::{full, GatewayBody};

/// Why the gateway answered itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// No route matches host and path.
    NoRoute,
    /// Client IP denied by the network rules.
    IpDenied,
    /// Method not allowed on the route.
    MethodNotAllowed,
    /// Request content type not allowed.
    UnsupportedMediaType,
    /// Request line and headers too large.
    HeadersTooLarge,
    /// Body larger than allowed.
    BodyTooLarge,
    /// Malformed or ambiguous framing (request smuggling attempt).
    Smuggling,
    /// Path traversal, double encoding or otherwise unsafe path.
    BadPath,
    /// Other malformed request.
    BadRequest,
    /// No or invalid credentials.
    Unauthenticated,
    /// Authenticated but not allowed (scope, claim, SPIFFE ID).
    Forbidden,
    /// Token or subject revoked.
    Revoked,
    /// Rate limit exceeded.
    RateLimited,
    /// Rate limiter backend unreachable with a fail-closed policy.
    RateLimiterUnavailable,
    /// Injection or XSS detected in block mode.
    WafBlocked,
    /// Request does not match the OpenAPI document.
    SchemaInvalid,
    /// Client too slow sending its body.
    ClientTimeout,
    /// No healthy upstream endpoint.
    UpstreamUnavailable,
    /// Upstream connection failed or broke.
    UpstreamError,
    /// Upstream did not answer in time.
    UpstreamTimeout,
    /// CORS preflight answered by the gateway.
    Preflight,
}

impl Reason {
    /// Every reason, for metrics rendering.
    pub const ALL: [Reason; 21] = [
        Reason::NoRoute,
        Reason::IpDenied,
        Reason::MethodNotAllowed,
        Reason::UnsupportedMediaType,
        Reason::HeadersTooLarge,
        Reason::BodyTooLarge,
        Reason::Smuggling,
        Reason::BadPath,
        Reason::BadRequest,
        Reason::Unauthenticated,
        Reason::Forbidden,
        Reason::Revoked,
        Reason::RateLimited,
        Reason::RateLimiterUnavailable,
        Reason::WafBlocked,
        Reason::SchemaInvalid,
        Reason::ClientTimeout,
        Reason::UpstreamUnavailable,
        Reason::UpstreamError,
        Reason::UpstreamTimeout,
        Reason::Preflight,
    ];

    /// Stable name for audit lines and metrics labels.
    pub fn name(self) -> &'static str {
        match self {
            Reason::NoRoute => "no_route",
            Reason::IpDenied => "ip_denied",
            Reason::MethodNotAllowed => "method_not_allowed",
            Reason::UnsupportedMediaType => "content_type_not_allowed",
            Reason::HeadersTooLarge => "headers_too_large",
            Reason::BodyTooLarge => "body_too_large",
            Reason::Smuggling => "ambiguous_framing",
            Reason::BadPath => "bad_path",
            Reason::BadRequest => "bad_request",
            Reason::Unauthenticated => "unauthenticated",
            Reason::Forbidden => "forbidden",
            Reason::Revoked => "revoked",
            Reason::RateLimited => "rate_limited",
            Reason::RateLimiterUnavailable => "rate_limiter_unavailable",
            Reason::WafBlocked => "waf_blocked",
            Reason::SchemaInvalid => "schema_invalid",
            Reason::ClientTimeout => "client_timeout",
            Reason::UpstreamUnavailable => "upstream_unavailable",
            Reason::UpstreamError => "upstream_error",
            Reason::UpstreamTimeout => "upstream_timeout",
            Reason::Preflight => "cors_preflight",
        }
    }

    /// Index into per-reason counters.
    pub fn index(self) -> usize {
        Reason::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }

    /// The status the client sees.
    pub fn status(self) -> StatusCode {
        match self {
            Reason::NoRoute => StatusCode::NOT_FOUND,
            Reason::IpDenied | Reason::Forbidden | Reason::Revoked | Reason::WafBlocked => {
                StatusCode::FORBIDDEN
            }
            Reason::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Reason::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Reason::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Reason::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Reason::Smuggling | Reason::BadPath | Reason::BadRequest | Reason::SchemaInvalid => {
                StatusCode::BAD_REQUEST
            }
            Reason::Unauthenticated => StatusCode::UNAUTHORIZED,
            Reason::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Reason::RateLimiterUnavailable | Reason::UpstreamUnavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Reason::ClientTimeout => StatusCode::REQUEST_TIMEOUT,
            Reason::UpstreamError => StatusCode::BAD_GATEWAY,
            Reason::UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
            Reason::Preflight => StatusCode::NO_CONTENT,
        }
    }

    /// The gateway's own response for this reason.
    pub fn response(self) -> Response<GatewayBody> {
        let status = self.status();
        if status == StatusCode::NO_CONTENT {
            let mut r = Response::new(full(Bytes::new()));
            *r.status_mut() = status;
            return r;
        }
        let body = format!("{{\"error\":\"{}\"}}\n", self.name());
        let mut r = Response::new(full(Bytes::from(body)));
        *r.status_mut() = status;
        r.headers_mut().insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                http::header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer"),
            );
        }
        if matches!(
            self,
            Reason::Smuggling | Reason::BadRequest | Reason::ClientTimeout
        ) {
            // The connection's framing can no longer be trusted.
            r.headers_mut()
                .insert(http::header::CONNECTION, HeaderValue::from_static("close"));
        }
        r
    }
}

/// A deny with an optional detail kept for the audit line only.
#[derive(Clone, Debug)]
pub struct Deny {
    /// Why.
    pub reason: Reason,
    /// Extra, non-secret context for the audit log (never sent to the client).
    pub detail: Option<String>,
    /// `Retry-After` seconds, for 429 and 503.
    pub retry_after: Option<u64>,
}

impl From<Reason> for Deny {
    fn from(reason: Reason) -> Self {
        Deny {
            reason,
            detail: None,
            retry_after: None,
        }
    }
}

impl Deny {
    /// A deny with an audit detail.
    pub fn with(reason: Reason, detail: impl Into<String>) -> Self {
        Deny {
            reason,
            detail: Some(detail.into()),
            retry_after: None,
        }
    }

    /// The response for this deny.
    pub fn response(&self) -> Response<GatewayBody> {
        let mut r = self.reason.response();
        if let Some(s) = self.retry_after {
            r.headers_mut()
                .insert(http::header::RETRY_AFTER, HeaderValue::from(s.max(1)));
        }
        r
    }
}
