//! JWT bearer verification: the signature against the configured keys, then the policy
//! (algorithm, issuer, audience, time claims, subject).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{Map, Value};

use crate::http_fetch::Fetcher;
use crate::identity::{AuthMethod, Identity};
use crate::jwks::KeySet;
use crate::{AuthnError, Denial};

/// Where the verification keys come from.
#[derive(Clone)]
pub enum KeySource {
    /// A JWKS document on disk, re-read on every refresh (so a rotated file is picked up).
    JwksFile(PathBuf),
    /// A JWKS document at an `https://` URL (`http://` only for loopback hosts), fetched
    /// at start, on an interval and when a token names an unknown `kid`.
    JwksUrl(String),
    /// A shared secret for HS256/HS384/HS512, at least 32 bytes. With a secret, public-key
    /// algorithms are not accepted, and with a JWKS, HMAC is not: mixing them is how
    /// algorithm confusion happens.
    SharedSecret(Vec<u8>),
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::JwksFile(p) => f.debug_tuple("JwksFile").field(p).finish(),
            KeySource::JwksUrl(u) => f.debug_tuple("JwksUrl").field(u).finish(),
            KeySource::SharedSecret(_) => f.write_str("SharedSecret(<redacted>)"),
        }
    }
}

/// Everything [`JwtVerifier`] needs; [`JwtSettings::new`] fills sensible defaults.
#[derive(Debug, Clone)]
pub struct JwtSettings {
    /// Where the keys come from.
    pub keys: KeySource,
    /// Accepted `iss` values (exact match); at least one.
    pub issuers: Vec<String>,
    /// Accepted `aud` values (exact match; a token passes when any of its audiences is
    /// here); at least one, because a token minted for another service must not work here.
    pub audiences: Vec<String>,
    /// Clock-skew allowance for `exp`, `nbf` and `iat` (default 60 s).
    pub leeway: Duration,
    /// Accepted algorithms. Empty means: every public-key algorithm for a JWKS, HS256 for
    /// a shared secret.
    pub algorithms: Vec<Algorithm>,
    /// How often the JWKS is reloaded (default 5 min).
    pub refresh_interval: Duration,
    /// The least time between two loads triggered by unknown `kid`s or failures
    /// (default 30 s), so a flood of forged `kid`s cannot make the gateway hammer the
    /// issuer.
    pub min_refresh_interval: Duration,
    /// PEM CA bundle trusted for the JWKS URL instead of the built-in web roots.
    pub ca_file: Option<PathBuf>,
    /// Time limit for one JWKS fetch (default 10 s).
    pub fetch_timeout: Duration,
    /// Longest token accepted, in bytes (default 8 KiB): bounds the work an attacker
    /// can cause before the signature is checked.
    pub max_token_bytes: usize,
    /// Whether a token without `exp` is refused (default true: a token that never expires
    /// can only be stopped by revocation).
    pub require_exp: bool,
}

impl JwtSettings {
    /// Settings for one issuer and one audience, with the defaults documented on each field.
    pub fn new(keys: KeySource, issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        JwtSettings {
            keys,
            issuers: vec![issuer.into()],
            audiences: vec![audience.into()],
            leeway: Duration::from_secs(60),
            algorithms: Vec::new(),
            refresh_interval: Duration::from_secs(300),
            min_refresh_interval: Duration::from_secs(30),
            ca_file: None,
            fetch_timeout: Duration::from_secs(10),
            max_token_bytes: 8 * 1024,
            require_exp: true,
        }
    }
}

/// A token whose signature and claims passed; what the gateway authorises on.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// `sub`.
    pub subject: String,
    /// `iss`.
    pub issuer: String,
    /// `aud`, normalised to a list.
    pub audiences: Vec<String>,
    /// `scope` (space-separated) or `scp` (array or string), as a list.
    pub scopes: Vec<String>,
    /// `jti`, when present.
    pub token_id: Option<String>,
    /// The header's `kid`, when present.
    pub key_id: Option<String>,
    /// The verified algorithm.
    pub algorithm: Algorithm,
    /// `exp` in Unix seconds.
    pub expires_at: Option<u64>,
    /// `iat` in Unix seconds.
    pub issued_at: Option<u64>,
    /// Every claim, for route claim requirements.
    pub claims: Map<String, Value>,
}

impl Verified {
    /// The identity to log, rate-limit by and forward upstream.
    pub fn identity(&self) -> Identity {
        Identity {
            method: AuthMethod::Jwt,
            subject: self.subject.clone(),
            issuer: Some(self.issuer.clone()),
            scopes: self.scopes.clone(),
            key_id: self.key_id.clone(),
            token_id: self.token_id.clone(),
            spiffe_id: None,
        }
    }
}

/// Verifies JWT bearer tokens. Cheap to clone (shared state); one per configured issuer.
///
/// [`verify`](JwtVerifier::verify) is synchronous and never waits: the key set is read
/// through an `ArcSwap` (no lock), and fetching keys happens in [`JwtVerifier::refresh`] /
/// the task from [`JwtVerifier::spawn_refresh`].
#[derive(Clone)]
pub struct JwtVerifier {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for JwtVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtVerifier")
            .field("keys", &self.inner.settings.keys)
            .field("issuers", &self.inner.settings.issuers)
            .field("audiences", &self.inner.settings.audiences)
            .field("algorithms", &self.inner.algorithms)
            .field("key_ids", &self.key_ids())
            .finish()
    }
}

pub(crate) struct Inner {
    pub(crate) settings: JwtSettings,
    algorithms: Vec<Algorithm>,
    pub(crate) keys: ArcSwap<KeySet>,
    /// Bumped whenever `keys` is replaced, so callers caching verified tokens can tell
    /// that a key may have been withdrawn.
    pub(crate) key_generation: AtomicU64,
    /// The shared secret as ready HMAC keys (HS256, HS384, HS512): building a key hashes
    /// the secret, which costs as much as the verification itself.
    secret: Option<[ring::hmac::Key; 3]>,
    pub(crate) fetcher: Option<Fetcher>,
    /// Signalled by `verify` on an unknown `kid`; the refresher decides whether to fetch.
    pub(crate) refresh_wanted: tokio::sync::Notify,
    /// When the last load (successful or not) finished.
    pub(crate) last_load: Mutex<Option<Instant>>,
}

const ASYMMETRIC: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

fn is_hmac(alg: Algorithm) -> bool {
    matches!(alg, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512)
}

/// The token in an `Authorization` header value: the `Bearer` scheme (any case, RFC 7235)
/// and a non-empty token without spaces; `None` for anything else (Basic, empty, junk).
pub fn bearer_token(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    let token = token.trim_start();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() || token.contains(' ') {
        return None;
    }
    Some(token)
}

impl JwtVerifier {
    /// Checks the settings and loads what can be loaded without the network: a JWKS file
    /// is read now (an unreadable or unusable file is an error naming it); a JWKS URL
    /// starts with no keys until [`refresh`](JwtVerifier::refresh) succeeds.
    pub fn new(settings: JwtSettings) -> Result<Self, AuthnError> {
        if settings.issuers.iter().all(|i| i.is_empty()) {
            return Err(AuthnError::Setting {
                setting: "jwt.issuer",
                reason: "at least one accepted issuer is required".into(),
            });
        }
        if settings.audiences.iter().all(|a| a.is_empty()) {
            return Err(AuthnError::Setting {
                setting: "jwt.audience",
                reason: "at least one accepted audience is required".into(),
            });
        }
        let secret_mode = matches!(settings.keys, KeySource::SharedSecret(_));
        let algorithms = if settings.algorithms.is_empty() {
            if secret_mode {
                vec![Algorithm::HS256]
            } else {
                ASYMMETRIC.to_vec()
            }
        } else {
            settings.algorithms.clone()
        };
        if let Some(bad) = algorithms.iter().find(|a| is_hmac(**a) != secret_mode) {
            return Err(AuthnError::Setting {
                setting: "jwt.algorithms",
                reason: if secret_mode {
                    format!("{bad:?} needs public keys, but a shared secret is configured")
                } else {
                    format!("{bad:?} needs a shared secret, but public keys (JWKS) are configured; HMAC with public keys is algorithm confusion")
                },
            });
        }
        let mut secret = None;
        let mut fetcher = None;
        let mut keys = KeySet::default();
        match &settings.keys {
            KeySource::SharedSecret(bytes) => {
                if bytes.len() < 32 {
                    return Err(AuthnError::Setting {
                        setting: "jwt.secret",
                        reason: format!(
                            "the shared secret is {} bytes; HS256 needs at least 32 random bytes",
                            bytes.len()
                        ),
                    });
                }
                secret = Some([
                    ring::hmac::Key::new(ring::hmac::HMAC_SHA256, bytes),
                    ring::hmac::Key::new(ring::hmac::HMAC_SHA384, bytes),
                    ring::hmac::Key::new(ring::hmac::HMAC_SHA512, bytes),
                ]);
            }
            KeySource::JwksFile(path) => {
                let bytes = std::fs::read(path).map_err(|e| AuthnError::File {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
                keys = KeySet::from_jwks_json(&bytes).map_err(|reason| AuthnError::File {
                    path: path.clone(),
                    reason,
                })?;
            }
            KeySource::JwksUrl(url) => {
                fetcher = Some(Fetcher::new(
                    url,
                    settings.ca_file.as_deref(),
                    settings.fetch_timeout,
                )?);
            }
        }
        Ok(JwtVerifier {
            inner: Arc::new(Inner {
                settings,
                algorithms,
                keys: ArcSwap::from_pointee(keys),
                key_generation: AtomicU64::new(0),
                secret,
                fetcher,
                refresh_wanted: tokio::sync::Notify::new(),
                last_load: Mutex::new(None),
            }),
        })
    }

    /// The settings this verifier was built from.
    pub fn settings(&self) -> &JwtSettings {
        &self.inner.settings
    }

    /// The `kid`s currently loaded (for `/readyz` and logs).
    pub fn key_ids(&self) -> Vec<String> {
        self.inner.keys.load().key_ids()
    }

    /// Changes whenever the key set is replaced (a JWKS refresh): a result cached under
    /// an older generation may rest on a key that is gone.
    pub fn key_generation(&self) -> u64 {
        self.inner.key_generation.load(Ordering::Acquire)
    }

    /// Whether keys are available (always true for a shared secret): the gateway's
    /// readiness.
    pub fn has_keys(&self) -> bool {
        self.inner.secret.is_some() || !self.inner.keys.load().is_empty()
    }

    /// Verifies `token` (the bearer value, without `Bearer `) at time `now`.
    ///
    /// The signature is checked before any claim is looked at, so an unsigned or forged
    /// token learns nothing about the policy. An unknown `kid` asks the refresher for a
    /// new key set (rate-limited) and is refused now: the hot path never waits on the network.
    pub fn verify(&self, token: &str, now: SystemTime) -> Result<Verified, Denial> {
        let inner = &*self.inner;
        if token.len() > inner.settings.max_token_bytes {
            return Err(Denial::TooLarge);
        }
        let mut parts = token.split('.');
        let (Some(header_b64), Some(payload_b64), Some(sig_b64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Denial::Malformed);
        };
        let header = decode_json_object(header_b64)?;
        let Ok(signature) = URL_SAFE_NO_PAD.decode(sig_b64) else {
            return Err(Denial::Malformed);
        };
        let alg_name = header
            .get("alg")
            .and_then(Value::as_str)
            .ok_or(Denial::Malformed)?;
        if alg_name.eq_ignore_ascii_case("none") {
            return Err(Denial::AlgNone);
        }
        // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
        if header.contains_key("crit") {
            return Err(Denial::Malformed);
        }
        let alg: Algorithm = alg_name.parse().map_err(|_| Denial::AlgNotAllowed)?;
        if !inner.algorithms.contains(&alg) {
            return Err(Denial::AlgNotAllowed);
        }
        let kid = match header.get("kid") {
            None => None,
            Some(Value::String(k)) => Some(k.clone()),
            Some(_) => return Err(Denial::Malformed),
        };
        let message = &token[..header_b64.len() + 1 + payload_b64.len()];

        if is_hmac(alg) {
            let keys = inner.secret.as_ref().ok_or(Denial::AlgKeyMismatch)?;
            let key = match alg {
                Algorithm::HS384 => &keys[1],
                Algorithm::HS512 => &keys[2],
                _ => &keys[0],
            };
            // Constant-time comparison inside ring.
            if ring::hmac::verify(key, message.as_bytes(), &signature).is_err() {
                return Err(Denial::BadSignature);
            }
        } else {
            self.verify_with_key_set(kid.as_deref(), alg, sig_b64, message)?;
        }

        let claims = decode_json_object(payload_b64)?;
        check_claims(&inner.settings, claims, kid, alg, now)
    }

    fn verify_with_key_set(
        &self,
        kid: Option<&str>,
        alg: Algorithm,
        sig_b64: &str,
        message: &str,
    ) -> Result<(), Denial> {
        let inner = &*self.inner;
        let keys = inner.keys.load();
        if keys.is_empty() {
            inner.refresh_wanted.notify_one();
            return Err(Denial::NoKeys);
        }
        // Keys the token may mean: those with its `kid`, or all when it names none.
        let mut named = 0;
        let mut tried = 0;
        for key in keys.keys.iter() {
            if kid.is_some_and(|kid| key.kid.as_deref() != Some(kid)) {
                continue;
            }
            named += 1;
            // The key's type (and the JWK's own `alg`, if pinned) must fit the header's
            // alg: otherwise no signature check at all (algorithm confusion).
            if !key.kind.fits(alg) || key.alg.is_some_and(|pinned| pinned != alg) {
                continue;
            }
            tried += 1;
            if signature_ok(sig_b64, message, &key.decoding, alg) {
                return Ok(());
            }
        }
        if tried > 0 {
            Err(Denial::BadSignature)
        } else if kid.is_some() && named == 0 {
            inner.refresh_wanted.notify_one();
            Err(Denial::UnknownKid)
        } else {
            Err(Denial::AlgKeyMismatch)
        }
    }
}

fn signature_ok(sig_b64: &str, message: &str, key: &DecodingKey, alg: Algorithm) -> bool {
    jsonwebtoken::crypto::verify(sig_b64, message.as_bytes(), key, alg).unwrap_or(false)
}

fn decode_json_object(segment: &str) -> Result<Map<String, Value>, Denial> {
    let bytes = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| Denial::Malformed)?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Denial::Malformed),
    }
}

/// A NumericDate claim (RFC 7519 allows fractions) as whole seconds; absent is `None`.
fn time_claim(claims: &Map<String, Value>, name: &str) -> Result<Option<f64>, Denial> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => match v.as_f64() {
            Some(t) if t.is_finite() && t >= 0.0 => Ok(Some(t)),
            _ => Err(Denial::BadTimeClaim),
        },
    }
}

fn string_or_list(value: Option<&Value>, split_spaces: bool) -> Option<Vec<String>> {
    match value? {
        Value::String(s) if split_spaces => {
            Some(s.split_whitespace().map(str::to_string).collect())
        }
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

fn check_claims(
    settings: &JwtSettings,
    claims: Map<String, Value>,
    kid: Option<String>,
    alg: Algorithm,
    now: SystemTime,
) -> Result<Verified, Denial> {
    let now = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    let leeway = settings.leeway.as_secs_f64();
    let exp = time_claim(&claims, "exp")?;
    let nbf = time_claim(&claims, "nbf")?;
    let iat = time_claim(&claims, "iat")?;
    match exp {
        Some(exp) if now >= exp + leeway => return Err(Denial::Expired),
        None if settings.require_exp => return Err(Denial::MissingExp),
        _ => {}
    }
    if nbf.is_some_and(|nbf| nbf > now + leeway) {
        return Err(Denial::NotYetValid);
    }
    if iat.is_some_and(|iat| iat > now + leeway) {
        return Err(Denial::IssuedInFuture);
    }
    let issuer = match claims.get("iss") {
        Some(Value::String(iss)) if settings.issuers.iter().any(|i| i == iss) => iss.clone(),
        _ => return Err(Denial::WrongIssuer),
    };
    let audiences = string_or_list(claims.get("aud"), false).ok_or(Denial::WrongAudience)?;
    if !audiences
        .iter()
        .any(|a| settings.audiences.iter().any(|accepted| accepted == a))
    {
        return Err(Denial::WrongAudience);
    }
    let subject = match claims.get("sub") {
        Some(Value::String(sub)) if !sub.is_empty() => sub.clone(),
        _ => return Err(Denial::MissingSubject),
    };
    let scopes = string_or_list(claims.get("scope"), true)
        .or_else(|| string_or_list(claims.get("scp"), true))
        .unwrap_or_default();
    let token_id = claims
        .get("jti")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Verified {
        subject,
        issuer,
        audiences,
        scopes,
        token_id,
        key_id: kid,
        algorithm: alg,
        expires_at: exp.map(|e| e as u64),
        issued_at: iat.map(|i| i as u64),
        claims,
    })
}
