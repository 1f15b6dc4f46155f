//! Listeners: the public one (TLS with ALPN h2/http1.1, or plain) and the admin one.
//!
//! Each accepted connection reads the current [`Runtime`] once per request through
//! `arc-swap`, so a reload applies to the next request while in-flight ones finish on the
//! old config. The TLS handshake and the request headers are bounded in time
//! (slow-client defence).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use arc_swap::ArcSwap;
use bytes::Bytes;
use http::{Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};

use crate::audit::AuditLog;
use crate::body::{full, GatewayBody};
use crate::config::Config;
use crate::framing::FramingGuard;
use crate::proxy::{handle, ConnInfo};
use crate::runtime::{Runtime, Shared};

/// A running gateway's state: the swappable runtime and what outlives reloads.
pub struct Gateway {
    /// The config in force.
    pub current: ArcSwap<Runtime>,
    /// Metrics, audit, counters.
    pub shared: Arc<Shared>,
    /// The config file (re-read on reload).
    pub config_path: PathBuf,
}

/// Why the gateway could not start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Addresses actually bound (ports may be ephemeral in tests).
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    /// Public listener.
    pub public: SocketAddr,
    /// Admin listener, if configured.
    pub admin: Option<SocketAddr>,
}

impl Gateway {
    /// Loads, checks and compiles the config; opens the audit log.
    pub fn load(path: &Path) -> Result<Arc<Gateway>, StartError> {
        let config = Config::load(path).map_err(|e| StartError(e.to_string()))?;
        let audit = match &config.audit_log {
            Some(t) => AuditLog::start(t).map_err(|e| StartError(format!("audit_log: {e}")))?,
            None => AuditLog::disabled(),
        };
        let revocations = match &config.revocations_file {
            Some(p) => palisade_authn::Revocations::open(p)
                .map_err(|e| StartError(format!("revocations_file: {e}")))?,
            None => palisade_authn::Revocations::in_memory(),
        };
        let shared = Arc::new(Shared::new(audit, revocations));
        let rt = Runtime::compile(config, &shared).map_err(StartError)?;
        Ok(Arc::new(Gateway {
            current: ArcSwap::from_pointee(rt),
            shared,
            config_path: path.to_path_buf(),
        }))
    }

    /// Validates the config and compiles it (certificates, keys, JWKS files, OpenAPI
    /// documents) without side effects: no audit log is opened or created and the
    /// revocation file is not touched. What `palisade gateway --check` runs.
    pub fn check(path: &Path) -> Result<(), StartError> {
        let config = Config::load(path).map_err(|e| StartError(e.to_string()))?;
        let shared = Shared::new(
            AuditLog::disabled(),
            palisade_authn::Revocations::in_memory(),
        );
        Runtime::compile(config, &Arc::new(shared)).map_err(StartError)?;
        Ok(())
    }

    /// Re-reads the config file and swaps it in; on any error the running config stays
    /// and the error (with file and line) is returned.
    pub fn reload(&self) -> Result<(), String> {
        let result = Config::load(&self.config_path)
            .map_err(|e| e.to_string())
            .and_then(|c| {
                let old = self.current.load();
                if c.listen != old.config.listen || c.admin != old.config.admin {
                    eprintln!(
                        "palisade gateway: note: listen/admin address changes need a restart; keeping the bound ones"
                    );
                }
                Runtime::compile(c, &self.shared)
            });
        match result {
            Ok(rt) => {
                self.current.store(Arc::new(rt));
                self.shared.reloads.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(e) => {
                self.shared.reload_failures.fetch_add(1, Ordering::Relaxed);
                Err(e)
            }
        }
    }

    /// Binds the listeners and serves until the task is dropped.
    pub async fn bind(
        self: &Arc<Self>,
    ) -> Result<(Bound, impl std::future::Future<Output = ()>), StartError> {
        let cfg = &self.current.load().config;
        let public = TcpListener::bind(cfg.listen)
            .await
            .map_err(|e| StartError(format!("listen {}: {e}", cfg.listen)))?;
        let admin = bind_admin(cfg).await?;
        let bound = Bound {
            public: public.local_addr().map_err(|e| StartError(e.to_string()))?,
            admin: admin.as_ref().and_then(|l| l.local_addr().ok()),
        };
        let gw = self.clone();
        let fut = async move {
            if let Some(admin) = admin {
                tokio::spawn(crate::admin::serve(admin, gw.clone()));
            }
            serve_public(public, gw).await;
        };
        Ok((bound, fut))
    }
}

impl Gateway {
    /// Serves the public listener on `workers` threads, each with its own single-threaded
    /// runtime and its own listening socket on the same address (`SO_REUSEPORT`, so the
    /// kernel spreads connections): the nginx model. A request, its upstream connection
    /// and every task it spawns stay on one thread — no cross-thread wake-ups, no work
    /// stealing, one upstream pool per worker ([`crate::upstream::worker_index`]).
    /// The admin listener is bound here and served by the caller's runtime. Without
    /// `SO_REUSEPORT` (non-Unix) one worker serves.
    pub async fn bind_workers(
        self: &Arc<Self>,
        workers: usize,
    ) -> Result<(Bound, Vec<std::thread::JoinHandle<()>>), StartError> {
        let cfg = &self.current.load().config;
        let workers = if cfg!(unix) { workers.max(1) } else { 1 };
        let listen = cfg.listen;
        let admin = bind_admin(cfg).await?;
        // The first socket settles the port (it may be ephemeral); the others join it.
        let mut sockets = Vec::with_capacity(workers);
        let mut public = listen;
        for _ in 0..workers {
            let s = reuseport_socket(public)
                .map_err(|e| StartError(format!("listen {listen}: {e}")))?;
            public = s
                .local_addr()
                .map_err(|e| StartError(format!("listen {listen}: {e}")))?;
            sockets.push(s);
        }
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<(), String>>();
        let mut threads = Vec::with_capacity(workers);
        for (i, socket) in sockets.into_iter().enumerate() {
            let gw = self.clone();
            let ready = ready_tx.clone();
            let t = std::thread::Builder::new()
                .name(format!("gateway-worker-{i}"))
                .spawn(move || {
                    crate::upstream::set_worker_index(i);
                    let rt = match tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    {
                        Ok(rt) => rt,
                        Err(e) => {
                            let _ = ready.send(Err(format!("worker {i}: runtime: {e}")));
                            return;
                        }
                    };
                    rt.block_on(async move {
                        // Listening registers the socket with this thread's reactor.
                        let listener = match socket.listen(4096) {
                            Ok(l) => l,
                            Err(e) => {
                                let _ = ready.send(Err(format!("listen {listen}: {e}")));
                                return;
                            }
                        };
                        let _ = ready.send(Ok(()));
                        drop(ready);
                        serve_public(listener, gw).await;
                    });
                })
                .map_err(|e| StartError(format!("worker thread: {e}")))?;
            threads.push(t);
        }
        drop(ready_tx);
        for _ in 0..workers {
            match ready_rx.recv() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(StartError(e)),
                Err(_) => return Err(StartError("a worker thread died at start".into())),
            }
        }
        let bound = Bound {
            public,
            admin: admin.as_ref().and_then(|l| l.local_addr().ok()),
        };
        if let Some(admin) = admin {
            tokio::spawn(crate::admin::serve(admin, self.clone()));
        }
        Ok((bound, threads))
    }
}

/// The admin listener, when configured.
async fn bind_admin(cfg: &Config) -> Result<Option<TcpListener>, StartError> {
    match cfg.admin {
        Some(a) => TcpListener::bind(a)
            .await
            .map(Some)
            .map_err(|e| StartError(format!("admin listen {a}: {e}"))),
        None => Ok(None),
    }
}

/// A bound, not yet listening, TCP socket that other sockets may share the address with.
fn reuseport_socket(addr: SocketAddr) -> std::io::Result<tokio::net::TcpSocket> {
    let s = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    s.set_reuseaddr(true)?;
    #[cfg(unix)]
    s.set_reuseport(true)?;
    s.bind(addr)?;
    Ok(s)
}

async fn serve_public(listener: TcpListener, gw: Arc<Gateway>) {
    loop {
        let (tcp, peer) = match listener.accept().await {
            Ok(x) => x,
            Err(_) => {
                // Out of file descriptors and the like: back off briefly, keep serving.
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let gw = gw.clone();
        tokio::spawn(async move { serve_conn(tcp, peer, gw).await });
    }
}

async fn serve_conn(tcp: TcpStream, peer: SocketAddr, gw: Arc<Gateway>) {
    let rt = gw.current.load_full();
    let limits = rt.config.limits.clone();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        // The header timeout is the framing guard's: one timer per connection instead of
        // hyper's one per request (see `activity`).
        .header_read_timeout(None)
        .max_buf_size(limits.max_header_bytes.max(8192) + 1024);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(limits.max_header_bytes.max(1024) as u32);
    match rt.tls.clone() {
        Some(acceptor) => {
            let tls = match tokio::time::timeout(limits.header_timeout, acceptor.accept(tcp)).await
            {
                Ok(Ok(s)) => s,
                _ => return,
            };
            let spiffe_id = tls
                .get_ref()
                .1
                .peer_certificates()
                .and_then(|c| c.first())
                .and_then(|c| crate::identity::spiffe_id(c.as_ref()));
            let conn = Arc::new(ConnInfo::new(peer, true, spiffe_id));
            let activity = conn.activity.clone();
            drop(rt);
            let svc = service_fn(move |req| {
                handle(gw.current.load_full(), gw.shared.clone(), conn.clone(), req)
            });
            let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
            let io = if h2 {
                FramingGuard::off(tls)
            } else {
                FramingGuard::new(tls, limits.max_header_bytes)
                    .with_header_timeout(limits.header_timeout, activity)
            };
            let _ = builder
                .serve_connection_with_upgrades(TokioIo::new(io), svc)
                .await;
        }
        None => {
            let conn = Arc::new(ConnInfo::new(peer, false, None));
            let activity = conn.activity.clone();
            drop(rt);
            let svc = service_fn(move |req| {
                handle(gw.current.load_full(), gw.shared.clone(), conn.clone(), req)
            });
            let io = FramingGuard::new(tcp, limits.max_header_bytes)
                .with_header_timeout(limits.header_timeout, activity);
            let _ = builder
                .serve_connection_with_upgrades(TokioIo::new(io), svc)
                .await;
        }
    }
}

/// A small text response.
pub fn text(status: StatusCode, body: impl Into<Bytes>) -> Response<GatewayBody> {
    let mut r = Response::new(full(body.into()));
    *r.status_mut() = status;
    r
}

/// Reads a request body up to `max` bytes.
pub async fn read_body(req: Request<Incoming>, max: usize) -> Option<Bytes> {
    use http_body_util::BodyExt;
    let limited = http_body_util::Limited::new(req.into_body(), max);
    limited.collect().await.ok().map(|c| c.to_bytes())
}
