//! Authentication and authorization per route, on top of `palisade-authn`: JWT bearer
//! tokens, API keys (hashed in the config), client-certificate SPIFFE IDs, the revocation
//! list, and required scopes and claims. The result is the identity forwarded upstream.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use http::header::{HeaderName, HeaderValue};
use http::request::Parts;
use palisade_authn::{
    ApiKeyEntry, ApiKeys, AuthMethod, ClaimRequirement, ClaimRule, Denial, Identity, JwtSettings,
    JwtVerifier, KeySource, RefreshHandle, Revocations, RouteRequirements, Verified,
};

use crate::config::Auth;
use crate::decision::{Deny, Reason};
use crate::identity::spiffe_allowed;

/// Who a request is, with the `x-palisade-*` headers that tell the upstream, built once
/// per identity (and, through the token cache, once per token rather than per request).
#[derive(Debug)]
pub struct Authenticated {
    /// The verified identity.
    pub identity: Identity,
    /// Identity headers to set on the forwarded request.
    pub forward: Vec<(HeaderName, HeaderValue)>,
    /// `method:subject`, as the audit log shows it.
    pub audit_name: String,
}

impl Authenticated {
    /// Computes the forwarded headers and the audit name of `identity`.
    pub fn new(identity: Identity) -> Self {
        let forward = palisade_authn::forward_headers(&identity)
            .into_iter()
            .filter_map(|(name, value)| {
                Some((
                    HeaderName::from_static(name),
                    HeaderValue::from_str(&value).ok()?,
                ))
            })
            .collect();
        let audit_name = format!("{}:{}", identity.method.as_str(), identity.subject);
        Authenticated {
            identity,
            forward,
            audit_name,
        }
    }
}

/// Tokens that passed verification and the route's requirements, so a client reusing its
/// token (the usual case: tokens live minutes to hours) costs one lookup instead of a
/// signature check and two JSON parses per request — Envoy's `jwt_authn` keeps the same
/// kind of cache. Only successes are kept; every hit re-checks expiry (with the leeway),
/// the key generation (a JWKS refresh invalidates everything) and the revocation list.
/// Route requirements are fixed for the route's life, so they are not re-checked.
#[derive(Default)]
struct TokenCache {
    entries: Mutex<HashMap<Box<str>, Arc<CachedToken>, foldhash::fast::RandomState>>,
}

struct CachedToken {
    verified: Verified,
    auth: Arc<Authenticated>,
    generation: u64,
}

/// Entries kept before the cache starts over (bounded memory under token floods).
const TOKEN_CACHE_MAX: usize = 8192;

impl TokenCache {
    fn get(&self, token: &str) -> Option<Arc<CachedToken>> {
        let map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        map.get(token).cloned()
    }

    fn insert(&self, token: &str, entry: CachedToken) {
        let mut map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= TOKEN_CACHE_MAX {
            map.clear();
        }
        map.insert(token.into(), Arc::new(entry));
    }
}

/// A route's compiled authentication.
pub struct RouteAuth {
    jwt: Option<JwtVerifier>,
    tokens: TokenCache,
    _refresh: Option<RefreshHandle>,
    api_keys: Option<ApiKeys>,
    api_key_header: http::HeaderName,
    spiffe_ids: Vec<String>,
    requirements: RouteRequirements,
}

impl RouteAuth {
    /// Builds verifiers; JWKS URLs are fetched and refreshed in the background.
    pub fn new(cfg: &Auth) -> Result<RouteAuth, String> {
        let jwt = match &cfg.jwt {
            Some(j) => {
                let keys = if let Some(f) = &j.jwks_file {
                    KeySource::JwksFile(f.clone())
                } else if let Some(u) = &j.jwks_url {
                    KeySource::JwksUrl(u.clone())
                } else if let Some(var) = &j.hs256_secret_env {
                    let secret = std::env::var(var)
                        .map_err(|_| format!("jwt: environment variable `{var}` is not set"))?;
                    KeySource::SharedSecret(secret.into_bytes())
                } else {
                    return Err("jwt: no key source".into());
                };
                let mut settings = JwtSettings::new(keys, j.issuer.clone(), String::new());
                settings.audiences = j.audience.clone();
                settings.leeway = j.leeway;
                settings.refresh_interval = j.refresh;
                Some(JwtVerifier::new(settings).map_err(|e| format!("jwt: {e}"))?)
            }
            None => None,
        };
        let refresh = match (&jwt, tokio::runtime::Handle::try_current()) {
            (Some(v), Ok(_))
                if cfg
                    .jwt
                    .as_ref()
                    .is_some_and(|j| j.jwks_url.is_some() || j.jwks_file.is_some()) =>
            {
                Some(v.spawn_refresh())
            }
            _ => None,
        };
        let api_keys = if cfg.api_keys.is_empty() {
            None
        } else {
            let entries = cfg
                .api_keys
                .iter()
                .map(|k| ApiKeyEntry {
                    id: k.id.clone(),
                    hash: k.hash.clone(),
                    scopes: k.scopes.clone(),
                })
                .collect();
            Some(ApiKeys::new(entries).map_err(|e| format!("api_keys: {e}"))?)
        };
        let api_key_header = http::HeaderName::from_bytes(cfg.api_key_header.as_bytes())
            .map_err(|_| format!("`{}` is not a header name", cfg.api_key_header))?;
        Ok(RouteAuth {
            jwt,
            tokens: TokenCache::default(),
            _refresh: refresh,
            api_keys,
            api_key_header,
            spiffe_ids: cfg.spiffe_ids.clone(),
            requirements: RouteRequirements {
                scopes: cfg.require_scopes.clone(),
                claims: cfg
                    .require_claims
                    .iter()
                    .map(|(k, v)| ClaimRequirement {
                        claim: k.clone(),
                        rule: ClaimRule::Equals(serde_json::Value::String(v.clone())),
                    })
                    .collect(),
            },
        })
    }

    /// The header carrying API keys: removed before forwarding (the upstream gets the key's
    /// id, never the key).
    pub fn api_key_header(&self) -> Option<&http::HeaderName> {
        self.api_keys.as_ref().map(|_| &self.api_key_header)
    }

    /// Authenticates the request; the identity carries the SPIFFE ID of the connection.
    pub fn authenticate(
        &self,
        parts: &Parts,
        spiffe: Option<&str>,
        revocations: &Revocations,
    ) -> Result<Arc<Authenticated>, Deny> {
        if !self.spiffe_ids.is_empty() {
            match spiffe {
                None => {
                    return Err(Deny::with(
                        Reason::Unauthenticated,
                        "no client certificate SPIFFE ID",
                    ))
                }
                Some(id) if !spiffe_allowed(id, &self.spiffe_ids) => {
                    return Err(Deny::with(Reason::Forbidden, "spiffe_id_not_allowed"))
                }
                Some(_) => {}
            }
        }
        let now = SystemTime::now();
        let bearer = parts
            .headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            });
        let identity = if let (Some(jwt), Some(token)) = (&self.jwt, bearer) {
            let auth = self.jwt_identity(jwt, token, now, revocations)?;
            match spiffe {
                None => return Ok(auth),
                Some(_) => auth.identity.clone(),
            }
        } else if let (Some(keys), Some(presented)) = (
            &self.api_keys,
            parts
                .headers
                .get(&self.api_key_header)
                .and_then(|v| v.to_str().ok()),
        ) {
            let key = keys
                .verify(presented)
                .ok_or_else(|| deny(Denial::BadApiKey))?;
            let identity = key.identity();
            if revocations.is_subject_revoked(&identity.subject, now) {
                return Err(deny(Denial::Revoked));
            }
            self.requirements.check_identity(&identity).map_err(deny)?;
            identity
        } else if self.jwt.is_some() || self.api_keys.is_some() {
            return Err(deny(Denial::MissingCredentials));
        } else {
            // Certificate-only route.
            let id = spiffe.unwrap_or_default().to_string();
            Identity {
                method: AuthMethod::Mtls,
                subject: id.clone(),
                issuer: None,
                scopes: Vec::new(),
                key_id: None,
                token_id: None,
                spiffe_id: Some(id),
            }
        };
        let mut identity = identity;
        if identity.spiffe_id.is_none() {
            identity.spiffe_id = spiffe.map(str::to_string);
        }
        Ok(Arc::new(Authenticated::new(identity)))
    }

    /// A bearer token's identity: from the token cache when the token was verified before
    /// (and is still unexpired, under the same keys and not revoked), else verified now.
    fn jwt_identity(
        &self,
        jwt: &JwtVerifier,
        token: &str,
        now: SystemTime,
        revocations: &Revocations,
    ) -> Result<Arc<Authenticated>, Deny> {
        let generation = jwt.key_generation();
        if let Some(hit) = self.tokens.get(token) {
            let now_secs = now
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs_f64())
                .unwrap_or(0.0);
            let leeway = jwt.settings().leeway.as_secs_f64();
            // `expires_at` is `exp` rounded down, so this never outlives the token.
            let fresh = hit
                .verified
                .expires_at
                .is_none_or(|exp| now_secs < exp as f64 + leeway);
            if hit.generation == generation && fresh {
                revocations.check(&hit.verified, now).map_err(deny)?;
                return Ok(hit.auth.clone());
            }
        }
        let verified = jwt.verify(token, now).map_err(deny)?;
        revocations.check(&verified, now).map_err(deny)?;
        self.requirements.check(&verified).map_err(deny)?;
        let auth = Arc::new(Authenticated::new(verified.identity()));
        self.tokens.insert(
            token,
            CachedToken {
                verified,
                auth: auth.clone(),
                generation,
            },
        );
        Ok(auth)
    }
}

fn deny(d: Denial) -> Deny {
    let reason = match d {
        Denial::Revoked => Reason::Revoked,
        _ if d.http_status() == 403 => Reason::Forbidden,
        _ => Reason::Unauthenticated,
    };
    Deny::with(reason, d.reason())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    const SECRET_VAR: &str = "PALISADE_GATEWAY_AUTHN_UNIT_TEST_SECRET";
    const SECRET: &str = "0123456789abcdef0123456789abcdef-unit";

    fn route_auth() -> RouteAuth {
        std::env::set_var(SECRET_VAR, SECRET);
        RouteAuth::new(&Auth {
            jwt: Some(crate::config::Jwt {
                jwks_file: None,
                jwks_url: None,
                hs256_secret_env: Some(SECRET_VAR.into()),
                issuer: "https://issuer.example".into(),
                audience: vec!["orders".into()],
                leeway: Duration::ZERO,
                refresh: Duration::from_secs(300),
            }),
            api_key_header: "x-api-key".into(),
            ..Auth::default()
        })
        .unwrap()
    }

    fn token(sub: &str, exp: u64) -> String {
        let claims = serde_json::json!({
            "sub": sub, "iss": "https://issuer.example", "aud": "orders", "exp": exp, "jti": sub,
        });
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()),
        )
        .unwrap()
    }

    fn parts(token: &str) -> Parts {
        http::Request::get("/orders")
            .header("authorization", format!("Bearer {token}"))
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    fn now_secs() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    #[test]
    fn a_cached_token_still_expires_and_can_still_be_revoked() {
        let auth = route_auth();
        let revocations = Revocations::in_memory();
        // Expires at the next whole second (leeway 0).
        let short = token("short-lived", now_secs() + 1);
        let first = auth
            .authenticate(&parts(&short), None, &revocations)
            .unwrap();
        let again = auth
            .authenticate(&parts(&short), None, &revocations)
            .unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "the second request is served from the cache"
        );
        while now_secs() < now_secs_of(&short) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let denied = auth.authenticate(&parts(&short), None, &revocations);
        assert_eq!(denied.unwrap_err().reason, Reason::Unauthenticated);

        let long = token("long-lived", now_secs() + 3600);
        auth.authenticate(&parts(&long), None, &revocations)
            .unwrap();
        revocations
            .add(palisade_authn::Revocation {
                kind: palisade_authn::RevocationKind::Jti,
                value: "long-lived".into(),
                expires_at: None,
                reason: None,
                added_at: now_secs(),
            })
            .unwrap();
        let denied = auth.authenticate(&parts(&long), None, &revocations);
        assert_eq!(denied.unwrap_err().reason, Reason::Revoked);
    }

    #[test]
    fn a_cached_token_gets_the_connection_spiffe_id_without_keeping_it() {
        let auth = route_auth();
        let revocations = Revocations::in_memory();
        let t = token("svc", now_secs() + 3600);
        let with = auth
            .authenticate(&parts(&t), Some("spiffe://td/ns/a/sa/b"), &revocations)
            .unwrap();
        assert_eq!(
            with.identity.spiffe_id.as_deref(),
            Some("spiffe://td/ns/a/sa/b")
        );
        let without = auth.authenticate(&parts(&t), None, &revocations).unwrap();
        assert_eq!(without.identity.spiffe_id, None);
        assert!(without
            .forward
            .iter()
            .all(|(name, _)| name.as_str() != palisade_authn::HEADER_SPIFFE_ID));
    }

    /// The `exp` claim of a token made by [`token`].
    fn now_secs_of(token: &str) -> u64 {
        use base64::Engine;
        let payload = token.split('.').nth(1).unwrap();
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        v["exp"].as_u64().unwrap()
    }
}
