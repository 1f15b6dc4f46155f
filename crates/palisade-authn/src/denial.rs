//! Why a request was refused, as a short reason that is safe to log.

use std::fmt;

/// A refused credential or a failed route requirement.
///
/// The [`reason`](Denial::reason) is a fixed, short snake_case string meant for audit logs
/// and metrics labels. It never carries the token, the key or a claim value, so logging it
/// cannot leak a credential. The gateway answers 401 or 403 ([`Denial::http_status`]) and
/// should not tell the client more than the status: detail helps attackers probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Denial {
    /// No credential was presented where one is required.
    MissingCredentials,
    /// The token is not three base64url segments of JSON.
    Malformed,
    /// The token is longer than the configured limit.
    TooLarge,
    /// The header says `alg: none` (an unsigned token).
    AlgNone,
    /// The header's `alg` is not in the configured list (or not known at all).
    AlgNotAllowed,
    /// The `alg` does not fit the key: wrong key type or curve, a JWK whose own `alg`
    /// differs, or HMAC requested where only public keys are configured (algorithm confusion).
    AlgKeyMismatch,
    /// The token's `kid` is not in the key set (a refresh has been requested).
    UnknownKid,
    /// No keys are loaded yet (the first JWKS fetch has not succeeded).
    NoKeys,
    /// The signature does not verify.
    BadSignature,
    /// `exp` is in the past, beyond the leeway.
    Expired,
    /// `nbf` is in the future, beyond the leeway.
    NotYetValid,
    /// `iat` is in the future, beyond the leeway.
    IssuedInFuture,
    /// `exp` is absent but required.
    MissingExp,
    /// A time claim is not a number.
    BadTimeClaim,
    /// `sub` is absent or not a string: there is no identity to forward.
    MissingSubject,
    /// `iss` is absent or not one of the accepted issuers.
    WrongIssuer,
    /// No `aud` entry is one of the accepted audiences.
    WrongAudience,
    /// The token's `jti` or `sub` is on the revocation list.
    Revoked,
    /// A scope the route requires is missing.
    MissingScope,
    /// A claim the route requires is missing or has another value.
    ClaimMismatch,
    /// The presented API key matches no configured hash.
    BadApiKey,
}

impl Denial {
    /// The short, stable machine reason (`expired`, `bad_signature`, ...).
    pub fn reason(&self) -> &'static str {
        match self {
            Denial::MissingCredentials => "missing_credentials",
            Denial::Malformed => "malformed",
            Denial::TooLarge => "too_large",
            Denial::AlgNone => "alg_none",
            Denial::AlgNotAllowed => "alg_not_allowed",
            Denial::AlgKeyMismatch => "alg_key_mismatch",
            Denial::UnknownKid => "unknown_kid",
            Denial::NoKeys => "no_keys",
            Denial::BadSignature => "bad_signature",
            Denial::Expired => "expired",
            Denial::NotYetValid => "not_yet_valid",
            Denial::IssuedInFuture => "issued_in_future",
            Denial::MissingExp => "missing_exp",
            Denial::BadTimeClaim => "bad_time_claim",
            Denial::MissingSubject => "missing_subject",
            Denial::WrongIssuer => "wrong_issuer",
            Denial::WrongAudience => "wrong_audience",
            Denial::Revoked => "revoked",
            Denial::MissingScope => "missing_scope",
            Denial::ClaimMismatch => "claim_mismatch",
            Denial::BadApiKey => "bad_api_key",
        }
    }

    /// 403 when the caller is known but not allowed (scope, claim); 401 otherwise, when the
    /// credential itself is missing or not accepted.
    pub fn http_status(&self) -> u16 {
        match self {
            Denial::MissingScope | Denial::ClaimMismatch => 403,
            _ => 401,
        }
    }
}

impl fmt::Display for Denial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

impl std::error::Error for Denial {}
