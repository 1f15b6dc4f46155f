//! The compiled configuration: everything a request needs, built once per (re)load and
//! swapped atomically (`arc-swap`), so requests never take a lock to read it and in-flight
//! requests finish on the config they started with.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use palisade_authn::Revocations;
use palisade_ratelimit::LocalLimiter;
use tokio_rustls::TlsAcceptor;

use crate::authn::RouteAuth;
use crate::ratelimit::RouteLimiter;
use crate::waf::RouteWaf;

use crate::audit::AuditLog;
use crate::config::{Config, Limits, NetworkRules, Route};
use crate::headers::{CorsPolicy, SecurityHeaderSet};
use crate::metrics::{Registry, RouteMetrics};
use crate::upstream::Cluster;

/// State that outlives reloads: metrics, the audit writer, counters.
pub struct Shared {
    /// Per-route metrics.
    pub metrics: Registry,
    /// Metrics for requests that matched no route.
    pub unrouted: Arc<RouteMetrics>,
    /// The audit writer.
    pub audit: AuditLog,
    /// Successful reloads.
    pub reloads: AtomicU64,
    /// Refused reloads.
    pub reload_failures: AtomicU64,
    /// Revoked tokens and subjects (managed on the admin listener).
    pub revocations: Revocations,
    /// The local rate limiter, shared by routes and kept across reloads.
    pub local_limiter: Arc<LocalLimiter>,
}

impl Shared {
    /// Fresh shared state with the given audit writer.
    pub fn new(audit: AuditLog, revocations: Revocations) -> Self {
        let metrics = Registry::default();
        let unrouted = metrics.route("-");
        Shared {
            metrics,
            unrouted,
            audit,
            reloads: AtomicU64::new(0),
            reload_failures: AtomicU64::new(0),
            revocations,
            local_limiter: Arc::new(LocalLimiter::default()),
        }
    }
}

/// One route ready to serve.
pub struct CompiledRoute {
    /// Its configuration.
    pub cfg: Route,
    /// The upstream cluster.
    pub cluster: Arc<Cluster>,
    /// Its counters.
    pub metrics: Arc<RouteMetrics>,
    /// Limits in force (route's own, or the global ones).
    pub limits: Limits,
    /// IP rules in force (route's own, or the global ones).
    pub network: NetworkRules,
    /// Authentication, if the route requires it.
    pub auth: Option<RouteAuth>,
    /// Rate limit, if any.
    pub limiter: Option<RouteLimiter>,
    /// WAF / OpenAPI inspection, if any.
    pub waf: Option<RouteWaf>,
}

/// A loaded, checked, ready-to-serve configuration.
pub struct Runtime {
    /// The source configuration.
    pub config: Config,
    /// Routes in match order.
    pub routes: Vec<CompiledRoute>,
    /// TLS acceptor (certificates are re-read on reload).
    pub tls: Option<TlsAcceptor>,
    /// Security headers.
    pub security: SecurityHeaderSet,
    /// CORS policy.
    pub cors: Option<CorsPolicy>,
}

impl Runtime {
    /// Loads certificates, builds pools and starts health checks. Errors name the file
    /// or route involved.
    pub fn compile(config: Config, shared: &Shared) -> Result<Runtime, String> {
        let file = config.path.display().to_string();
        let tls = match &config.tls {
            Some(t) => Some(TlsAcceptor::from(
                crate::tls::server_config(t).map_err(|e| format!("{file}: tls: {e}"))?,
            )),
            None => None,
        };
        let mut routes = Vec::with_capacity(config.routes.len());
        for r in &config.routes {
            let cluster = Cluster::new(&r.upstream)
                .map_err(|e| format!("{file}:{}: route `{}` upstream: {e}", r.mark, r.name))?;
            let at = |what: &str, e: String| {
                format!("{file}:{}: route `{}` {what}: {e}", r.mark, r.name)
            };
            let auth = match &r.auth {
                Some(a) => Some(RouteAuth::new(a).map_err(|e| at("auth", e))?),
                None => None,
            };
            let limiter = match &r.rate_limit {
                Some(l) => Some(
                    RouteLimiter::new(&r.name, l, &shared.local_limiter)
                        .map_err(|e| at("rate_limit", e))?,
                ),
                None => None,
            };
            let waf = RouteWaf::new(r).map_err(|e| at("waf", e))?;
            if let Some(hc) = &r.upstream.health_check {
                cluster.spawn_health_checks(hc.clone());
            }
            routes.push(CompiledRoute {
                cluster,
                metrics: shared.metrics.route(&r.name),
                limits: config.limits_for(r).clone(),
                network: r.network.clone().unwrap_or_else(|| config.network.clone()),
                auth,
                limiter,
                waf,
                cfg: r.clone(),
            });
        }
        Ok(Runtime {
            security: SecurityHeaderSet::new(&config.security_headers),
            cors: config.cors.as_ref().map(CorsPolicy::new),
            routes,
            tls,
            config,
        })
    }
}
