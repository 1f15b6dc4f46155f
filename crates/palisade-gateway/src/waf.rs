//! Injection/XSS detection and OpenAPI validation on top of `palisade-waf`.
//!
//! Both need the whole body, so a route with either buffers the body (bounded by its
//! `max_body_bytes`) before deciding; routes without them stream.

use http::request::Parts;
use palisade_waf::{Inspector, OpenApi, Paranoia, WafConfig};

use crate::config::Route;
use crate::decision::{Deny, Reason};

/// A route's compiled request inspection.
pub struct RouteWaf {
    inspector: Option<(Inspector, bool)>,
    openapi: Option<OpenApi>,
}

/// What inspection found on an allowed request (detect-only mode).
pub enum Finding {
    /// Nothing.
    Clean,
    /// Detected, not blocked.
    Detected,
}

impl RouteWaf {
    /// Builds it, or `None` when the route has neither WAF nor OpenAPI.
    pub fn new(route: &Route) -> Result<Option<RouteWaf>, String> {
        if route.waf.is_none() && route.openapi.is_none() {
            return Ok(None);
        }
        let inspector = route.waf.as_ref().map(|w| {
            let cfg = WafConfig {
                paranoia: Paranoia::try_from(w.paranoia).unwrap_or_default(),
                ..WafConfig::default()
            };
            (Inspector::new(cfg), w.block)
        });
        let openapi = match &route.openapi {
            Some(p) => Some(OpenApi::load(p).map_err(|e| format!("openapi: {e}"))?),
            None => None,
        };
        Ok(Some(RouteWaf { inspector, openapi }))
    }

    /// Inspects query and body; validates against the OpenAPI document.
    pub fn check(&self, parts: &Parts, body: &[u8]) -> Result<Finding, Deny> {
        let ct = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let query = parts.uri.query();
        let mut finding = Finding::Clean;
        if let Some((inspector, block)) = &self.inspector {
            let mut found = query
                .map(|q| inspector.inspect_query(q))
                .unwrap_or_default();
            if found.is_empty() && !body.is_empty() {
                found = inspector.inspect_body(ct, body);
            }
            if let Some(d) = found.first() {
                if *block {
                    return Err(Deny::with(
                        Reason::WafBlocked,
                        format!("{} {}", d.kind, d.rule),
                    ));
                }
                finding = Finding::Detected;
            }
        }
        if let Some(api) = &self.openapi {
            api.validate(&parts.method, parts.uri.path(), query, ct, body)
                .map_err(|v| Deny::with(Reason::SchemaInvalid, v.reason))?;
        }
        Ok(finding)
    }
}
