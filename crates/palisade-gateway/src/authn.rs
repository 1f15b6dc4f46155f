//! Authentication and authorization per route, on top of `palisade-authn`: JWT bearer
//! tokens, API keys (hashed in the config), client-certificate SPIFFE IDs, the revocation
//! list, and required scopes and claims. The result is the identity forwarded upstream.

use std::time::SystemTime;

use http::request::Parts;
use palisade_authn::{
    ApiKeyEntry, ApiKeys, AuthMethod, ClaimRequirement, ClaimRule, Denial, Identity, JwtSettings,
    JwtVerifier, KeySource, RefreshHandle, Revocations, RouteRequirements,
};

use crate::config::Auth;
use crate::decision::{Deny, Reason};
use crate::identity::spiffe_allowed;

/// A route's compiled authentication.
pub struct RouteAuth {
    jwt: Option<JwtVerifier>,
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
    ) -> Result<Identity, Deny> {
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
        let mut identity = if let (Some(jwt), Some(token)) = (&self.jwt, bearer) {
            let verified = jwt.verify(token, now).map_err(deny)?;
            revocations.check(&verified, now).map_err(deny)?;
            self.requirements.check(&verified).map_err(deny)?;
            verified.identity()
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
        if identity.spiffe_id.is_none() {
            identity.spiffe_id = spiffe.map(str::to_string);
        }
        Ok(identity)
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
