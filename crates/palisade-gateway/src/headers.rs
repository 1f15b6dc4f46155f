//! Header policy: hop-by-hop removal, identity header stripping, security headers and CORS.

use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Method, Response, StatusCode};

use crate::body::{full, GatewayBody};
use crate::config::{Cors, SecurityHeaders};
use crate::identity::HEADER_PREFIX;

const HOP_BY_HOP: [HeaderName; 7] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

const X_POWERED_BY: HeaderName = HeaderName::from_static("x-powered-by");

/// Removes hop-by-hop headers (and those named in `Connection`). For an upgrade request,
/// `Connection: upgrade` and `Upgrade` are kept so the upstream can switch protocols.
pub fn strip_hop_by_hop(h: &mut HeaderMap, keep_upgrade: bool) {
    // Most messages carry none: one pass over the names instead of seven hashed removals.
    if !h.keys().any(|k| HOP_BY_HOP.contains(k)) {
        return;
    }
    let named: Vec<HeaderName> = h
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|n| HeaderName::from_bytes(n.trim().as_bytes()).ok())
        .filter(|n| !(keep_upgrade && *n == header::UPGRADE))
        .collect();
    for n in named {
        h.remove(n);
    }
    let upgrade = if keep_upgrade {
        h.remove(header::UPGRADE)
    } else {
        None
    };
    for n in &HOP_BY_HOP {
        h.remove(n);
    }
    if let Some(u) = upgrade {
        h.insert(header::UPGRADE, u);
        h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    }
}

/// Removes every `x-palisade-*` header a client sent: only the gateway sets those.
pub fn strip_identity_headers(h: &mut HeaderMap) {
    let spoofed: Vec<HeaderName> = h
        .keys()
        .filter(|k| k.as_str().starts_with(HEADER_PREFIX))
        .cloned()
        .collect();
    for k in spoofed {
        h.remove(k);
    }
}

/// Security headers, precomputed once per config.
#[derive(Clone, Debug, Default)]
pub struct SecurityHeaderSet {
    always: Vec<(HeaderName, HeaderValue)>,
    hsts: Option<HeaderValue>,
}

impl SecurityHeaderSet {
    /// From config (values were validated at parse time).
    pub fn new(cfg: &SecurityHeaders) -> Self {
        let mut always = Vec::new();
        let val = |s: &str| HeaderValue::from_str(s).ok();
        if cfg.content_type_options {
            always.push((
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ));
        }
        if let Some(v) = cfg.referrer_policy.as_deref().and_then(val) {
            always.push((header::REFERRER_POLICY, v));
        }
        if let Some(v) = cfg.csp.as_deref().and_then(val) {
            always.push((header::CONTENT_SECURITY_POLICY, v));
        }
        if let Some(v) = cfg.frame_options.as_deref().and_then(val) {
            always.push((header::X_FRAME_OPTIONS, v));
        }
        SecurityHeaderSet {
            always,
            hsts: cfg.hsts.as_deref().and_then(val),
        }
    }

    /// Sets the headers on a response (HSTS only over TLS, where it means something).
    pub fn apply(&self, h: &mut HeaderMap, tls: bool) {
        h.reserve(self.always.len() + 1);
        for (k, v) in &self.always {
            h.insert(k.clone(), v.clone());
        }
        if tls {
            if let Some(v) = &self.hsts {
                h.insert(header::STRICT_TRANSPORT_SECURITY, v.clone());
            }
        }
        // Upstream software banners: one pass over the names instead of two hashed removals.
        if h.keys().any(|k| *k == header::SERVER || k == X_POWERED_BY) {
            h.remove(header::SERVER);
            h.remove(X_POWERED_BY);
        }
    }
}

/// The CORS policy in runtime form.
#[derive(Clone, Debug)]
pub struct CorsPolicy {
    cfg: Cors,
    methods: Option<HeaderValue>,
    headers: Option<HeaderValue>,
    max_age: HeaderValue,
}

impl CorsPolicy {
    /// From config.
    pub fn new(cfg: &Cors) -> Self {
        let join = |l: &[String]| {
            if l.is_empty() {
                None
            } else {
                HeaderValue::from_str(&l.join(", ")).ok()
            }
        };
        CorsPolicy {
            methods: join(&cfg.allow_methods),
            headers: join(&cfg.allow_headers),
            max_age: HeaderValue::from(cfg.max_age),
            cfg: cfg.clone(),
        }
    }

    fn origin_allowed(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        let o = origin.to_str().ok()?;
        if self.cfg.allow_origins.iter().any(|a| a == o) {
            return Some(origin.clone());
        }
        if self.cfg.allow_origins.iter().any(|a| a == "*") {
            return Some(HeaderValue::from_static("*"));
        }
        None
    }

    /// Whether this is a preflight the gateway answers itself.
    pub fn is_preflight(method: &Method, h: &HeaderMap) -> bool {
        method == Method::OPTIONS
            && h.contains_key(header::ORIGIN)
            && h.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    }

    /// The preflight answer (204 with the policy, or 403 when the origin is not allowed).
    pub fn preflight(&self, req: &HeaderMap) -> Option<Response<GatewayBody>> {
        let origin = req.get(header::ORIGIN)?;
        let allow = self.origin_allowed(origin)?;
        let mut r = Response::new(full(bytes::Bytes::new()));
        *r.status_mut() = StatusCode::NO_CONTENT;
        let h = r.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
        if let Some(m) = &self.methods {
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, m.clone());
        }
        if let Some(v) = &self.headers {
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v.clone());
        }
        h.insert(header::ACCESS_CONTROL_MAX_AGE, self.max_age.clone());
        if self.cfg.allow_credentials {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        Some(r)
    }

    /// Adds CORS headers to an actual response when the origin is allowed; removes any the
    /// upstream set, so the gateway's policy is the only one.
    pub fn apply(&self, origin: Option<&HeaderValue>, h: &mut HeaderMap) {
        h.remove(header::ACCESS_CONTROL_ALLOW_ORIGIN);
        h.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
        let Some(allow) = origin.and_then(|o| self.origin_allowed(o)) else {
            return;
        };
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
        if self.cfg.allow_credentials {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_by_hop_and_connection_named_headers_go() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONNECTION,
            "keep-alive, x-secret-hop".parse().unwrap(),
        );
        h.insert("x-secret-hop", "1".parse().unwrap());
        h.insert("keep-alive", "timeout=5".parse().unwrap());
        h.insert("x-keep", "1".parse().unwrap());
        strip_hop_by_hop(&mut h, false);
        assert!(h.get("x-secret-hop").is_none());
        assert!(h.get("keep-alive").is_none());
        assert!(h.get(header::CONNECTION).is_none());
        assert!(h.get("x-keep").is_some());
    }

    #[test]
    fn spoofed_identity_headers_are_removed() {
        let mut h = HeaderMap::new();
        h.insert("x-palisade-subject", "admin".parse().unwrap());
        h.insert("X-Palisade-Scopes", "all".parse().unwrap());
        strip_identity_headers(&mut h);
        assert!(h.is_empty());
    }
}
