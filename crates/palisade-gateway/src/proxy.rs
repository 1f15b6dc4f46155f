//! The request pipeline: one readable function where each phase is one line.
//!
//! Every phase either passes or returns a [`Deny`]; a deny ends the request before any
//! byte is sent upstream (the upstream connection is only opened in the last phase). The
//! response phase applies header policy and hands the audit record to the body, which
//! writes it once the client has the whole response (or went away).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Request, Response};
use http_body::Body as _;
use http_body_util::BodyExt;
use hyper::body::Incoming;

use crate::activity::{ConnActivity, InFlight};
use crate::audit::{now_rfc3339, AuditRecord};
use crate::authn::Authenticated;
use crate::body::{full, BodyLimitError, CountingBody, GatewayBody, GuardedBody, OnDone};
use crate::decision::{Deny, Reason};
use crate::headers::{strip_hop_by_hop, strip_identity_headers, CorsPolicy};
use crate::ratelimit::Outcome;
use crate::runtime::{CompiledRoute, Runtime, Shared};
use crate::upstream::UpstreamFailure;
use crate::waf::Finding;
use crate::{hygiene, netrules, router};

/// What the connection knows about the client.
#[derive(Debug)]
pub struct ConnInfo {
    /// TCP peer.
    pub peer: SocketAddr,
    /// Whether the connection is TLS.
    pub tls: bool,
    /// SPIFFE ID of the verified client certificate.
    pub spiffe_id: Option<String>,
    /// The peer's address as an `X-Forwarded-For` value, formatted once per connection.
    peer_header: Option<HeaderValue>,
    /// Requests in flight, for the connection's header timeout.
    pub activity: Arc<ConnActivity>,
}

impl ConnInfo {
    /// What a new connection knows.
    pub fn new(peer: SocketAddr, tls: bool, spiffe_id: Option<String>) -> Self {
        ConnInfo {
            peer,
            tls,
            spiffe_id,
            peer_header: HeaderValue::from_str(&peer.ip().to_string()).ok(),
            activity: ConnActivity::new(),
        }
    }
}

/// Per-request state carried through the phases.
struct Ctx {
    start: Instant,
    record: AuditRecord,
    identity: Option<Arc<Authenticated>>,
    route: Option<usize>,
    notes: Vec<&'static str>,
    /// Counted in on arrival, out when the response is over (the connection's idle clock).
    in_flight: InFlight,
}

/// Handles one request end to end.
pub async fn handle(
    rt: Arc<Runtime>,
    shared: Arc<Shared>,
    conn: Arc<ConnInfo>,
    req: Request<Incoming>,
) -> Result<Response<CountingBody<Finish>>, std::convert::Infallible> {
    let in_flight = conn.activity.start_request();
    // The record's strings are only made when there is an audit log to write them to.
    let record = if shared.audit.enabled() {
        AuditRecord {
            time: now_rfc3339(),
            method: req.method().as_str().to_string(),
            path: req.uri().path().to_string(),
            bytes_in: req.body().size_hint().exact(),
            ..AuditRecord::default()
        }
    } else {
        AuditRecord::default()
    };
    let mut ctx = Ctx {
        start: Instant::now(),
        record,
        identity: None,
        route: None,
        notes: Vec::new(),
        in_flight,
    };
    let origin = req.headers().get(header::ORIGIN).cloned();
    // Boxed: the pipeline's state machine is a few KiB, and hyper moves the request's
    // future around several times; a pointer moves cheaper.
    let result = Box::pin(pipeline(&rt, &shared, &conn, &mut ctx, req)).await;
    Ok(finish(&rt, &shared, &conn, ctx, origin, result))
}

async fn pipeline(
    rt: &Runtime,
    shared: &Shared,
    conn: &ConnInfo,
    ctx: &mut Ctx,
    mut req: Request<Incoming>,
) -> Result<Response<GatewayBody>, Deny> {
    let cfg = &rt.config;
    // Network: who is calling (trusted-proxy XFF only).
    let client_ip = netrules::client_ip(conn.peer.ip(), req.headers(), &cfg.trusted_proxies);
    ctx.record.client_ip = Some(client_ip);
    // Framing: refuse ambiguous message lengths (request smuggling).
    let client_upgrade = if req.headers().contains_key(header::UPGRADE) {
        Some(hyper::upgrade::on(&mut req))
    } else {
        None
    };
    let (parts, body) = req.into_parts();
    hygiene::check_framing(&parts)?;
    // Routing: host and path prefix.
    let host = router::request_host(&parts.uri, &parts.headers);
    let idx = router::select(rt.routes.iter().map(|r| &r.cfg), host, parts.uri.path())
        .ok_or(Reason::NoRoute)?;
    ctx.route = Some(idx);
    let route = &rt.routes[idx];
    // Network rules: IP allow/deny.
    if !netrules::allowed(&route.network, client_ip) {
        return Err(Deny::with(Reason::IpDenied, client_ip.to_string()));
    }
    // Hygiene: path, size, method, content type.
    hygiene::check_path(parts.uri.path())?;
    palisade_waf::check_path(parts.uri.path())
        .map_err(|v| Deny::with(Reason::BadPath, v.rule()))?;
    hygiene::check_limits(&parts, &route.limits)?;
    // CORS preflight answered here, never forwarded.
    if let Some(cors) = &rt.cors {
        if CorsPolicy::is_preflight(&parts.method, &parts.headers) {
            return cors
                .preflight(&parts.headers)
                .ok_or(Deny::with(Reason::Forbidden, "cors origin"));
        }
    }
    // Identity: SPIFFE allowlist, JWT or API key, revocations, scopes and claims.
    if let Some(auth) = &route.auth {
        let id = auth.authenticate(&parts, conn.spiffe_id.as_deref(), &shared.revocations)?;
        ctx.identity = Some(id);
    }
    // Rate limit by IP, subject, key or header.
    if let Some(limiter) = &route.limiter {
        let outcome = limiter
            .check(
                client_ip,
                ctx.identity.as_deref().map(|a| &a.identity),
                &parts.headers,
            )
            .await?;
        if let Outcome::AllowedDegraded = outcome {
            ctx.notes.push("rate_limiter_degraded_fail_open");
        }
    }
    // WAF and OpenAPI validation (these need the whole body).
    let body = match &route.waf {
        Some(waf) => {
            let bytes = if body.is_end_stream() {
                Bytes::new()
            } else {
                let guarded =
                    GuardedBody::new(body, route.limits.max_body_bytes, route.limits.body_timeout);
                // Boxed: only inspected routes read the body first; the collector's
                // state would otherwise enlarge every request's future.
                match Box::pin(guarded.collect()).await {
                    Ok(c) => c.to_bytes(),
                    Err(e) => return Err(body_error(&*e)),
                }
            };
            if let Finding::Detected = waf.check(&parts, &bytes)? {
                ctx.notes.push("waf_detected");
            }
            ForwardBody::Buffered(bytes)
        }
        None => ForwardBody::Stream(body),
    };
    // Forward. Preparing the request and the response are plain functions around the one
    // await, so the request's future holds only the cluster's (smaller futures are
    // cheaper to move, and hyper moves them).
    let (req, replayable, is_upgrade) = upstream_request(route, conn, ctx, client_ip, parts, body);
    let resp = route
        .cluster
        .forward(req, replayable)
        .await
        .map_err(upstream_deny)?;
    Ok(downstream_response(resp, is_upgrade, client_upgrade, ctx))
}

/// The request as it goes upstream: hop-by-hop and spoofed identity headers removed, the
/// verified identity and `X-Forwarded-*` added. Also says whether it may be replayed on
/// another endpoint and whether it asks for a protocol upgrade.
fn upstream_request(
    route: &CompiledRoute,
    conn: &ConnInfo,
    ctx: &Ctx,
    client_ip: std::net::IpAddr,
    mut parts: http::request::Parts,
    body: ForwardBody,
) -> (Request<GatewayBody>, bool, bool) {
    let is_upgrade = parts.version == http::Version::HTTP_11
        && parts.headers.contains_key(header::UPGRADE)
        && parts
            .headers
            .get(header::CONNECTION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("upgrade"));
    let h = &mut parts.headers;
    // Room for the headers added below, so the map grows (and rehashes) at most once.
    h.reserve(8);
    // Host survives the hop (HTTP/2 carries it in :authority).
    if !h.contains_key(header::HOST) {
        if let Some(a) = parts.uri.authority() {
            if let Ok(v) = HeaderValue::from_str(a.as_str()) {
                h.insert(header::HOST, v);
            }
        }
    }
    strip_hop_by_hop(h, is_upgrade);
    strip_identity_headers(h);
    if let Some(name) = route.auth.as_ref().and_then(|a| a.api_key_header()) {
        h.remove(name);
    }
    set_identity_headers(h, ctx.identity.as_deref(), conn.spiffe_id.as_deref());
    append_forwarded(h, client_ip, conn);
    let (replayable, body): (bool, GatewayBody) = match body {
        ForwardBody::Buffered(b) => (true, full(b)),
        ForwardBody::Stream(b) if b.is_end_stream() => (true, full(Bytes::new())),
        ForwardBody::Stream(b) => (
            false,
            GuardedBody::new(b, route.limits.max_body_bytes, route.limits.body_timeout).boxed(),
        ),
    };
    (Request::from_parts(parts, body), replayable, is_upgrade)
}

/// The gateway's answer when the upstream exchange failed.
fn upstream_deny(failure: UpstreamFailure) -> Deny {
    match failure {
        UpstreamFailure::Deny(d) => d,
        UpstreamFailure::Body(BodyLimitError::TooLarge) => Reason::BodyTooLarge.into(),
        UpstreamFailure::Body(BodyLimitError::TooSlow) => Reason::ClientTimeout.into(),
    }
}

/// The upstream's response as it goes to the client: hop-by-hop headers removed, and a
/// protocol switch (WebSocket) spliced through when both sides agreed to it.
fn downstream_response(
    mut resp: Response<crate::upstream::PooledBody>,
    is_upgrade: bool,
    client_upgrade: Option<hyper::upgrade::OnUpgrade>,
    ctx: &mut Ctx,
) -> Response<GatewayBody> {
    let switching = resp.status() == http::StatusCode::SWITCHING_PROTOCOLS && is_upgrade;
    if switching {
        // WebSocket (or other upgrade) pass-through: splice the two upgraded connections,
        // starting with what the upstream sent right after its `101`.
        if let (Some(client_upgrade), Some(upstream)) =
            (client_upgrade, resp.body_mut().take_upgraded())
        {
            tokio::spawn(async move {
                use tokio::io::AsyncWriteExt;
                let Ok(c) = client_upgrade.await else {
                    return;
                };
                let mut c = hyper_util::rt::TokioIo::new(c);
                let mut u = upstream.io;
                if c.write_all(&upstream.early).await.is_ok() {
                    let _ = tokio::io::copy_bidirectional(&mut c, &mut u).await;
                }
            });
        }
        ctx.notes.push("upgraded");
    }
    let (mut rparts, rbody) = resp.into_parts();
    strip_hop_by_hop(&mut rparts.headers, switching);
    Response::from_parts(rparts, rbody.map_err(|e| Box::new(e) as _).boxed())
}

/// The request body as it will be forwarded.
enum ForwardBody {
    /// Already read (inspected routes); replayable.
    Buffered(Bytes),
    /// Streamed through with limits.
    Stream(Incoming),
}

fn body_error(e: &(dyn std::error::Error + 'static)) -> Deny {
    match crate::body::find_limit_error(e) {
        Some(BodyLimitError::TooSlow) => Reason::ClientTimeout.into(),
        Some(BodyLimitError::TooLarge) => Reason::BodyTooLarge.into(),
        None => Reason::BadRequest.into(),
    }
}

/// Sets the identity headers from the verified identity (incoming copies were stripped).
fn set_identity_headers(h: &mut http::HeaderMap, id: Option<&Authenticated>, spiffe: Option<&str>) {
    match id {
        Some(id) => {
            for (name, value) in &id.forward {
                h.insert(name.clone(), value.clone());
            }
        }
        None => {
            if let Some(v) = spiffe.and_then(|s| HeaderValue::from_str(s).ok()) {
                h.insert(palisade_authn::HEADER_SPIFFE_ID, v);
            }
        }
    }
}

// Named once: inserting by `&str` parses (and, for non-standard names, allocates) the
// name on every request.
const X_FORWARDED_FOR: header::HeaderName = header::HeaderName::from_static("x-forwarded-for");
const X_FORWARDED_PROTO: header::HeaderName = header::HeaderName::from_static("x-forwarded-proto");

fn append_forwarded(h: &mut http::HeaderMap, client_ip: std::net::IpAddr, conn: &ConnInfo) {
    let value = match h.get(&X_FORWARDED_FOR).and_then(|v| v.to_str().ok()) {
        Some(prev) => HeaderValue::from_str(&format!("{prev}, {client_ip}")).ok(),
        // The common case (no proxy in front): the connection's preformatted address.
        None if client_ip == conn.peer.ip() => conn.peer_header.clone(),
        None => HeaderValue::from_str(&client_ip.to_string()).ok(),
    };
    if let Some(v) = value {
        h.insert(X_FORWARDED_FOR, v);
    }
    h.insert(
        X_FORWARDED_PROTO,
        HeaderValue::from_static(if conn.tls { "https" } else { "http" }),
    );
}

/// Completes the audit record and metrics when the response body ends.
pub struct Finish {
    shared: Arc<Shared>,
    record: Option<AuditRecord>,
    /// Counts the request out of its connection when the response is over.
    _in_flight: InFlight,
}

impl OnDone for Finish {
    fn done(&mut self, bytes: u64, complete: bool) {
        if let Some(mut rec) = self.record.take() {
            rec.bytes_out = bytes;
            rec.complete = complete;
            self.shared.audit.write(&rec);
        }
    }
}

fn finish(
    rt: &Runtime,
    shared: &Arc<Shared>,
    conn: &ConnInfo,
    mut ctx: Ctx,
    origin: Option<HeaderValue>,
    result: Result<Response<GatewayBody>, Deny>,
) -> Response<CountingBody<Finish>> {
    let (mut resp, deny) = match result {
        Ok(r) => (r, None),
        Err(d) => (d.response(), Some(d)),
    };
    rt.security.apply(resp.headers_mut(), conn.tls);
    if let Some(cors) = &rt.cors {
        cors.apply(origin.as_ref(), resp.headers_mut());
    }
    let secs = ctx.start.elapsed().as_secs_f64();
    let status = resp.status().as_u16();
    let reason = deny.as_ref().map(|d| d.reason);
    let metrics = match ctx.route {
        Some(i) => &rt.routes[i].metrics,
        None => &shared.unrouted,
    };
    metrics.record(status, reason.filter(|r| *r != Reason::Preflight), secs);
    let record = if shared.audit.enabled() {
        let r = &mut ctx.record;
        r.route = ctx.route.map(|i| rt.routes[i].cfg.name.clone());
        r.status = status;
        r.latency_ms = (secs * 1e6).round() / 1e3;
        r.identity = match &ctx.identity {
            Some(id) => Some(id.audit_name.clone()),
            None => conn.spiffe_id.clone(),
        };
        r.decision = match reason {
            None | Some(Reason::Preflight) => "allow",
            Some(Reason::UpstreamError | Reason::UpstreamTimeout | Reason::UpstreamUnavailable) => {
                "error"
            }
            Some(_) => "deny",
        };
        r.reason = match (&deny, ctx.notes.is_empty()) {
            (Some(d), _) => Some(match &d.detail {
                Some(detail) => format!("{}: {detail}", d.reason.name()),
                None => d.reason.name().to_string(),
            }),
            (None, false) => Some(ctx.notes.join(",")),
            (None, true) => None,
        };
        Some(ctx.record)
    } else {
        None
    };
    let (parts, body) = resp.into_parts();
    Response::from_parts(
        parts,
        CountingBody::new(
            body,
            Finish {
                shared: shared.clone(),
                record,
                _in_flight: ctx.in_flight,
            },
        ),
    )
}
