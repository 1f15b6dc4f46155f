//! Authentication for Palisade's zero-trust API gateway.
//!
//! What it does:
//! - verifies JWT bearer tokens ([`JwtVerifier`]): RS256/384/512, PS256/384/512,
//!   ES256/384, EdDSA against a JWKS (file or HTTPS URL, cached, refreshed in the
//!   background and on an unknown `kid`), or HS256/384/512 against a configured shared
//!   secret; `iss`, `aud`, `exp`, `nbf` and `iat` with leeway; `alg: none` and algorithm
//!   confusion rejected;
//! - checks per-route requirements ([`RouteRequirements`]): scopes and claim values;
//! - verifies API keys against SHA-256 hashes kept in the configuration ([`ApiKeys`]) and
//!   generates new keys ([`generate_api_key`]);
//! - keeps a revocation list by `jti` or `sub` ([`Revocations`]), optionally persisted;
//! - defines the forwarded-identity contract ([`Identity`], [`FORWARDED_HEADERS`],
//!   [`forward_headers`]): the headers the gateway strips from every incoming request and
//!   sets from the verified identity.
//!
//! What it deliberately does not do: serve HTTP, parse the gateway configuration, extract
//! credentials from requests or map denials to responses (that is `palisade-gateway`), mTLS
//! verification (rustls does it; the gateway builds an [`Identity`] with
//! [`AuthMethod::Mtls`] from the peer certificate), issue tokens, or OAuth flows.
//!
//! Every [`Denial`] has a short machine reason that is safe for audit logs: it never
//! contains the token, the key or a claim value.

mod api_keys;
mod denial;
mod error;
mod http_fetch;
mod identity;
mod jwks;
mod jwt;
mod refresh;
mod requirements;
mod revocation;

pub use api_keys::{
    generate_api_key, hash_api_key, ApiKeyEntry, ApiKeys, GeneratedKey, KeyIdentity,
};
pub use denial::Denial;
pub use error::AuthnError;
pub use identity::{
    forward_headers, is_forwarded_header, AuthMethod, Identity, FORWARDED_HEADERS,
    FORWARDED_HEADER_PREFIX, HEADER_AUTH_METHOD, HEADER_ISSUER, HEADER_KEY_ID, HEADER_SCOPES,
    HEADER_SPIFFE_ID, HEADER_SUBJECT, HEADER_TOKEN_ID,
};
pub use jsonwebtoken::Algorithm;
pub use jwks::{KeyKind, KeySet};
pub use jwt::{bearer_token, JwtSettings, JwtVerifier, KeySource, Verified};
pub use refresh::RefreshHandle;
pub use requirements::{ClaimRequirement, ClaimRule, RouteRequirements};
pub use revocation::{Revocation, RevocationKind, Revocations};
