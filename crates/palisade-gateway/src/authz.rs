//! Route authorization by client certificate, and the identity headers sent upstream.

use http::{HeaderMap, HeaderValue};

use crate::decision::{Deny, Reason};
use crate::identity::{spiffe_allowed, Identity};
use crate::runtime::CompiledRoute;

/// A route with a SPIFFE allowlist admits only clients whose verified certificate carries
/// an allowed SPIFFE ID.
pub fn check_mtls(route: &CompiledRoute, id: &Identity) -> Result<(), Deny> {
    let Some(auth) = &route.cfg.auth else {
        return Ok(());
    };
    if auth.spiffe_ids.is_empty() {
        return Ok(());
    }
    match &id.spiffe_id {
        None => Err(Deny::with(
            Reason::Unauthenticated,
            "no client certificate SPIFFE ID",
        )),
        Some(sid) if spiffe_allowed(sid, &auth.spiffe_ids) => Ok(()),
        Some(sid) => Err(Deny::with(
            Reason::Forbidden,
            format!("spiffe id {sid} not allowed"),
        )),
    }
}

/// Sets the `x-palisade-*` identity headers (incoming copies were already stripped).
pub fn set_identity_headers(h: &mut HeaderMap, id: &Identity) {
    let mut set = |name: &'static str, v: Option<&str>| {
        if let Some(v) = v.and_then(|v| HeaderValue::from_str(v).ok()) {
            h.insert(name, v);
        }
    };
    set("x-palisade-spiffe-id", id.spiffe_id.as_deref());
    set("x-palisade-subject", id.subject.as_deref());
    set("x-palisade-issuer", id.issuer.as_deref());
    set("x-palisade-api-key", id.api_key.as_deref());
    if !id.scopes.is_empty() {
        set("x-palisade-scopes", Some(&id.scopes.join(" ")));
    }
}
