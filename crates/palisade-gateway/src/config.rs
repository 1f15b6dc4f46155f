//! The gateway's configuration file: typed, strict, positioned.
//!
//! Parsed from YAML with `palisade-yaml` so that every error names `file:line:col`; unknown
//! keys are errors listing the valid ones. Relative file paths (certificates, JWKS, OpenAPI
//! documents) are resolved against the config file's directory, so a config can be moved
//! with its files. This module only describes and checks; `compile` turns it into the
//! runtime form (loaded certificates, matchers, pools).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ipnet::IpNet;
use palisade_yaml::{Mark, Node};

pub use crate::yaml_read::ConfigError;
use crate::yaml_read::{Ctx, Map};

/// The whole gateway configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address the public listener binds.
    pub listen: SocketAddr,
    /// TLS termination; `None` serves plain HTTP (for tests and local use only).
    pub tls: Option<ServerTls>,
    /// The separate admin listener (`/healthz`, `/metrics`, `/revocations`).
    pub admin: Option<SocketAddr>,
    /// Where audit lines go: a file path, or `-` for stdout.
    pub audit_log: Option<AuditTarget>,
    /// Peers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Gateway-wide IP allow/deny lists (a route's own lists replace these).
    pub network: NetworkRules,
    /// Gateway-wide request limits (a route's own limits replace these).
    pub limits: Limits,
    /// Security headers added to every response.
    pub security_headers: SecurityHeaders,
    /// CORS policy; `None` leaves CORS headers to the upstream (and answers no preflight).
    pub cors: Option<Cors>,
    /// Where the revocation list is persisted (`None`: kept in memory only).
    pub revocations_file: Option<PathBuf>,
    /// Routes, matched in order; the first match wins.
    pub routes: Vec<Route>,
    /// Where the config file lives (relative paths are resolved against it).
    pub path: PathBuf,
}

/// Audit log destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditTarget {
    /// Standard output (`-`).
    Stdout,
    /// A file, appended to.
    File(PathBuf),
}

/// Server-side TLS.
#[derive(Clone, Debug)]
pub struct ServerTls {
    /// PEM certificate chain.
    pub cert: PathBuf,
    /// PEM private key.
    pub key: PathBuf,
    /// PEM CA bundle; when set, every client must present a certificate signed by it (mTLS).
    pub client_ca: Option<PathBuf>,
}

/// IP allow and deny lists. Deny wins; a non-empty allow list denies everything else.
#[derive(Clone, Debug, Default)]
pub struct NetworkRules {
    /// Networks allowed (empty: all).
    pub allow: Vec<IpNet>,
    /// Networks denied.
    pub deny: Vec<IpNet>,
}

/// Request hygiene limits.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Total size of the request line and headers.
    pub max_header_bytes: usize,
    /// Request body size.
    pub max_body_bytes: u64,
    /// Allowed methods (empty: any).
    pub methods: Vec<http::Method>,
    /// Allowed request content types, compared without parameters (empty: any).
    pub content_types: Vec<String>,
    /// Time a client may take to send its request headers (slowloris defence).
    pub header_timeout: Duration,
    /// Time a client may take to send its whole body.
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_header_bytes: 16 * 1024,
            max_body_bytes: 1024 * 1024,
            methods: Vec::new(),
            content_types: Vec::new(),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
        }
    }
}

/// Security headers set on every response (an upstream's own value is replaced).
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    /// `Strict-Transport-Security` value (only sent over TLS).
    pub hsts: Option<String>,
    /// `X-Content-Type-Options: nosniff`.
    pub content_type_options: bool,
    /// `Referrer-Policy` value.
    pub referrer_policy: Option<String>,
    /// `Content-Security-Policy` value.
    pub csp: Option<String>,
    /// `X-Frame-Options` value.
    pub frame_options: Option<String>,
}

impl Default for SecurityHeaders {
    fn default() -> Self {
        SecurityHeaders {
            hsts: Some("max-age=31536000; includeSubDomains".into()),
            content_type_options: true,
            referrer_policy: Some("no-referrer".into()),
            csp: None,
            frame_options: Some("DENY".into()),
        }
    }
}

/// CORS policy.
#[derive(Clone, Debug, Default)]
pub struct Cors {
    /// Allowed origins (exact match; `*` for any, never with credentials).
    pub allow_origins: Vec<String>,
    /// Methods allowed in preflight answers.
    pub allow_methods: Vec<String>,
    /// Request headers allowed in preflight answers.
    pub allow_headers: Vec<String>,
    /// Whether credentials are allowed.
    pub allow_credentials: bool,
    /// Preflight cache time in seconds.
    pub max_age: u64,
}

/// One route: what it matches, where it goes and what it requires.
#[derive(Clone, Debug)]
pub struct Route {
    /// Unique name (used in audit lines and metrics).
    pub name: String,
    /// Host to match (without port); `None` matches any host.
    pub host: Option<String>,
    /// Path prefix to match, on segment boundaries.
    pub path_prefix: String,
    /// The upstream cluster.
    pub upstream: Upstream,
    /// Who may call this route.
    pub auth: Option<Auth>,
    /// Rate limit.
    pub rate_limit: Option<RateLimit>,
    /// Route-specific IP rules (replace the global ones).
    pub network: Option<NetworkRules>,
    /// Route-specific limits (replace the global ones).
    pub limits: Option<Limits>,
    /// Injection/XSS detection.
    pub waf: Option<Waf>,
    /// OpenAPI 3 document requests are validated against.
    pub openapi: Option<PathBuf>,
    /// Where the route is defined.
    pub mark: Mark,
}

/// An upstream cluster.
#[derive(Clone, Debug)]
pub struct Upstream {
    /// `host:port` endpoints, used round-robin.
    pub endpoints: Vec<String>,
    /// TLS to the upstream.
    pub tls: Option<UpstreamTls>,
    /// TCP (and TLS) connect timeout.
    pub connect_timeout: Duration,
    /// Time until the upstream's response headers.
    pub request_timeout: Duration,
    /// Extra attempts for idempotent requests without a body.
    pub retries: u32,
    /// Active health checking.
    pub health_check: Option<HealthCheck>,
}

/// TLS (and optionally mTLS) towards an upstream.
#[derive(Clone, Debug)]
pub struct UpstreamTls {
    /// CA bundle the upstream's certificate must chain to.
    pub ca: PathBuf,
    /// Client certificate for mTLS.
    pub cert: Option<PathBuf>,
    /// Client key for mTLS.
    pub key: Option<PathBuf>,
    /// Name to verify (default: the endpoint's host).
    pub server_name: Option<String>,
}

/// Active health check: `GET path` on every endpoint each interval.
#[derive(Clone, Debug)]
pub struct HealthCheck {
    /// Path requested (`None`: a TCP connect is the check).
    pub path: Option<String>,
    /// Time between checks.
    pub interval: Duration,
    /// Time a check may take.
    pub timeout: Duration,
    /// Consecutive failures before an endpoint is taken out.
    pub unhealthy_after: u32,
}

/// Authentication and authorization of a route.
#[derive(Clone, Debug, Default)]
pub struct Auth {
    /// Client certificate SPIFFE IDs allowed (`spiffe://td/path`, or a `prefix/*` pattern).
    pub spiffe_ids: Vec<String>,
    /// JWT bearer validation.
    pub jwt: Option<Jwt>,
    /// API keys, stored as SHA-256 hex digests.
    pub api_keys: Vec<ApiKey>,
    /// Header carrying the API key.
    pub api_key_header: String,
    /// Scopes the token must carry (all of them).
    pub require_scopes: Vec<String>,
    /// Claims that must have these exact string values.
    pub require_claims: Vec<(String, String)>,
}

/// JWT validation settings.
#[derive(Clone, Debug)]
pub struct Jwt {
    /// JWKS from a file.
    pub jwks_file: Option<PathBuf>,
    /// JWKS from a URL (cached, refreshed).
    pub jwks_url: Option<String>,
    /// HS256 shared secret (from an environment variable, never inline).
    pub hs256_secret_env: Option<String>,
    /// Required `iss`.
    pub issuer: String,
    /// Required `aud` (one of).
    pub audience: Vec<String>,
    /// Clock leeway for `exp`/`nbf`.
    pub leeway: Duration,
    /// JWKS refresh interval.
    pub refresh: Duration,
}

/// An API key entry (as printed by key generation: only the hash is stored).
#[derive(Clone, Debug)]
pub struct ApiKey {
    /// Holder's name, forwarded as the identity's subject.
    pub id: String,
    /// `sha256:<64 hex digits>` of the key.
    pub hash: String,
    /// Scopes the key grants.
    pub scopes: Vec<String>,
}

/// What a rate limit counts by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateKey {
    /// The client IP (after trusted-proxy XFF).
    ClientIp,
    /// The JWT `sub`.
    JwtSub,
    /// The API key's name.
    ApiKey,
    /// A request header's value.
    Header(http::HeaderName),
}

/// Rate limit policy.
#[derive(Clone, Debug)]
pub struct RateLimit {
    /// What is counted.
    pub key: RateKey,
    /// Sustained rate.
    pub per_second: f64,
    /// Burst size.
    pub burst: u32,
    /// Distributed limiting through Redis.
    pub redis: Option<RedisLimit>,
}

/// Redis-backed limiting.
#[derive(Clone, Debug)]
pub struct RedisLimit {
    /// `redis://host:port`.
    pub url: String,
    /// Allow requests when Redis is unreachable (`open`) or refuse them (`closed`).
    pub fail_open: bool,
}

/// Injection/XSS detection mode.
#[derive(Clone, Debug)]
pub struct Waf {
    /// Block (403) or only record the detection.
    pub block: bool,
    /// Paranoia level 1 (fewest false positives) to 4.
    pub paranoia: u8,
}

impl Config {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: file.clone(),
            mark: Mark::default(),
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(path, &text)
    }

    /// Parses config text; `path` names the file in errors and anchors relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let ctx = Ctx { file: &file };
        let stream = palisade_yaml::load(text);
        if let Some(e) = stream.error {
            return Err(ctx.err(e.mark, e.message));
        }
        let root = match stream.documents.as_slice() {
            [doc] => &doc.root,
            [] => return Err(ctx.err(Mark::default(), "the config file is empty")),
            [_, second, ..] => {
                return Err(ctx.err(second.root.mark, "expected one YAML document"));
            }
        };
        let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let p = Parser { ctx, base };
        p.config(root, path)
    }

    /// The limits that apply to a route.
    pub fn limits_for<'a>(&'a self, route: &'a Route) -> &'a Limits {
        route.limits.as_ref().unwrap_or(&self.limits)
    }
}

struct Parser<'f> {
    ctx: Ctx<'f>,
    base: PathBuf,
}

const TOP_KEYS: &[&str] = &[
    "listen",
    "tls",
    "admin",
    "audit_log",
    "trusted_proxies",
    "network",
    "limits",
    "security_headers",
    "cors",
    "revocations_file",
    "routes",
];

impl Parser<'_> {
    fn file(&self, node: &Node, what: &str) -> Result<PathBuf, ConfigError> {
        let s = self.ctx.string(node, what)?;
        if s.is_empty() {
            return Err(self
                .ctx
                .err(node.mark, format!("`{what}` must not be empty")));
        }
        Ok(self.base.join(s))
    }

    fn addr(&self, node: &Node, what: &str) -> Result<SocketAddr, ConfigError> {
        let s = self.ctx.string(node, what)?;
        s.parse().map_err(|_| {
            self.ctx.err(
                node.mark,
                format!("`{what}` must be an address such as 127.0.0.1:8443, not `{s}`"),
            )
        })
    }

    fn config(&self, root: &Node, path: &Path) -> Result<Config, ConfigError> {
        let c = &self.ctx;
        let m = c.map(root, "config", TOP_KEYS)?;
        let listen = self.addr(m.require(c, "listen", "config")?, "listen")?;
        let tls = m.get("tls").map(|n| self.server_tls(n)).transpose()?;
        let admin = match m.get("admin") {
            Some(n) => {
                let a = c.map(n, "admin", &["listen"])?;
                Some(self.addr(a.require(c, "listen", "admin")?, "admin.listen")?)
            }
            None => None,
        };
        let audit_log = match m.get("audit_log") {
            Some(n) => {
                let s = c.string(n, "audit_log")?;
                Some(if s == "-" {
                    AuditTarget::Stdout
                } else {
                    AuditTarget::File(self.file(n, "audit_log")?)
                })
            }
            None => None,
        };
        let trusted_proxies = match m.get("trusted_proxies") {
            Some(n) => self.nets(n, "trusted_proxies")?,
            None => Vec::new(),
        };
        let network = match m.get("network") {
            Some(n) => self.network(n)?,
            None => NetworkRules::default(),
        };
        let limits = match m.get("limits") {
            Some(n) => self.limits(n, &Limits::default())?,
            None => Limits::default(),
        };
        let security_headers = match m.get("security_headers") {
            Some(n) => self.security_headers(n)?,
            None => SecurityHeaders::default(),
        };
        let cors = m.get("cors").map(|n| self.cors(n)).transpose()?;
        let revocations_file = m
            .get("revocations_file")
            .map(|n| self.file(n, "revocations_file"))
            .transpose()?;
        let routes_node = m.require(c, "routes", "config")?;
        let Some(items) = routes_node.value_seq() else {
            return Err(c.err(routes_node.mark, "`routes` must be a list"));
        };
        if items.is_empty() {
            return Err(c.err(routes_node.mark, "`routes` needs at least one route"));
        }
        let mut routes: Vec<Route> = Vec::with_capacity(items.len());
        for item in items {
            let r = self.route(item, &limits)?;
            if routes.iter().any(|o| o.name == r.name) {
                return Err(c.err(r.mark, format!("route name `{}` is used twice", r.name)));
            }
            routes.push(r);
        }
        Ok(Config {
            listen,
            tls,
            admin,
            audit_log,
            trusted_proxies,
            network,
            limits,
            security_headers,
            cors,
            revocations_file,
            routes,
            path: path.to_path_buf(),
        })
    }

    fn server_tls(&self, node: &Node) -> Result<ServerTls, ConfigError> {
        let c = &self.ctx;
        let m = c.map(node, "tls", &["cert", "key", "client_ca"])?;
        Ok(ServerTls {
            cert: self.file(m.require(c, "cert", "tls")?, "tls.cert")?,
            key: self.file(m.require(c, "key", "tls")?, "tls.key")?,
            client_ca: m
                .get("client_ca")
                .map(|n| self.file(n, "tls.client_ca"))
                .transpose()?,
        })
    }

    fn nets(&self, node: &Node, what: &str) -> Result<Vec<IpNet>, ConfigError> {
        self.ctx
            .strings(node, what)?
            .into_iter()
            .map(|(s, mark)| {
                parse_net(&s).ok_or_else(|| {
                    self.ctx.err(
                        mark,
                        format!(
                            "`{s}` is not an IP address or CIDR network (e.g. 10.0.0.0/8, ::1)"
                        ),
                    )
                })
            })
            .collect()
    }

    fn network(&self, node: &Node) -> Result<NetworkRules, ConfigError> {
        let m = self.ctx.map(node, "network", &["allow", "deny"])?;
        Ok(NetworkRules {
            allow: match m.get("allow") {
                Some(n) => self.nets(n, "network.allow")?,
                None => Vec::new(),
            },
            deny: match m.get("deny") {
                Some(n) => self.nets(n, "network.deny")?,
                None => Vec::new(),
            },
        })
    }

    fn limits(&self, node: &Node, defaults: &Limits) -> Result<Limits, ConfigError> {
        let c = &self.ctx;
        let m = c.map(
            node,
            "limits",
            &[
                "max_header_bytes",
                "max_body_bytes",
                "methods",
                "content_types",
                "header_timeout",
                "body_timeout",
            ],
        )?;
        let mut l = defaults.clone();
        if let Some(n) = m.get("max_header_bytes") {
            l.max_header_bytes = c.uint(n, "max_header_bytes")? as usize;
        }
        if let Some(n) = m.get("max_body_bytes") {
            l.max_body_bytes = c.uint(n, "max_body_bytes")?;
        }
        if let Some(n) = m.get("methods") {
            l.methods = c
                .strings(n, "methods")?
                .into_iter()
                .map(|(s, mark)| {
                    http::Method::from_bytes(s.to_ascii_uppercase().as_bytes())
                        .map_err(|_| c.err(mark, format!("`{s}` is not an HTTP method")))
                })
                .collect::<Result<_, _>>()?;
        }
        if let Some(n) = m.get("content_types") {
            l.content_types = c
                .strings(n, "content_types")?
                .into_iter()
                .map(|(s, _)| s.to_ascii_lowercase())
                .collect();
        }
        if let Some(n) = m.get("header_timeout") {
            l.header_timeout = c.duration(n, "header_timeout")?;
        }
        if let Some(n) = m.get("body_timeout") {
            l.body_timeout = c.duration(n, "body_timeout")?;
        }
        Ok(l)
    }

    fn security_headers(&self, node: &Node) -> Result<SecurityHeaders, ConfigError> {
        let c = &self.ctx;
        let m = c.map(
            node,
            "security_headers",
            &[
                "hsts",
                "content_type_options",
                "referrer_policy",
                "csp",
                "frame_options",
            ],
        )?;
        let mut h = SecurityHeaders::default();
        let opt = |key: &str, cur: &mut Option<String>| -> Result<(), ConfigError> {
            if let Some(n) = m.get(key) {
                *cur = match n.as_bool() {
                    Some(false) => None,
                    _ if n.is_null() => None,
                    _ => {
                        let v = c.string(n, key)?;
                        http::HeaderValue::from_str(&v).map_err(|_| {
                            c.err(n.mark, format!("`{key}` is not a valid header value"))
                        })?;
                        Some(v)
                    }
                };
            }
            Ok(())
        };
        opt("hsts", &mut h.hsts)?;
        opt("referrer_policy", &mut h.referrer_policy)?;
        opt("csp", &mut h.csp)?;
        opt("frame_options", &mut h.frame_options)?;
        if let Some(n) = m.get("content_type_options") {
            h.content_type_options = c.boolean(n, "content_type_options")?;
        }
        Ok(h)
    }

    fn cors(&self, node: &Node) -> Result<Cors, ConfigError> {
        let c = &self.ctx;
        let m = c.map(
            node,
            "cors",
            &[
                "allow_origins",
                "allow_methods",
                "allow_headers",
                "allow_credentials",
                "max_age",
            ],
        )?;
        let list = |key: &str| -> Result<Vec<String>, ConfigError> {
            Ok(match m.get(key) {
                Some(n) => c.strings(n, key)?.into_iter().map(|(s, _)| s).collect(),
                None => Vec::new(),
            })
        };
        let cors = Cors {
            allow_origins: list("allow_origins")?,
            allow_methods: list("allow_methods")?,
            allow_headers: list("allow_headers")?,
            allow_credentials: match m.get("allow_credentials") {
                Some(n) => c.boolean(n, "allow_credentials")?,
                None => false,
            },
            max_age: match m.get("max_age") {
                Some(n) => c.uint(n, "max_age")?,
                None => 600,
            },
        };
        if cors.allow_credentials && cors.allow_origins.iter().any(|o| o == "*") {
            return Err(c.err(
                node.mark,
                "`cors`: `allow_credentials: true` cannot be combined with origin `*`",
            ));
        }
        Ok(cors)
    }

    fn route(&self, node: &Node, global_limits: &Limits) -> Result<Route, ConfigError> {
        let c = &self.ctx;
        let m = c.map(
            node,
            "route",
            &[
                "name",
                "match",
                "upstream",
                "auth",
                "rate_limit",
                "network",
                "limits",
                "waf",
                "openapi",
            ],
        )?;
        let name = c.string(m.require(c, "name", "route")?, "name")?;
        let mm = c.map(
            m.require(c, "match", "route")?,
            "match",
            &["host", "path_prefix"],
        )?;
        let host = m_opt_string(c, &mm, "host")?.map(|h| h.to_ascii_lowercase());
        let path_prefix = m_opt_string(c, &mm, "path_prefix")?.unwrap_or_else(|| "/".into());
        if !path_prefix.starts_with('/') {
            return Err(c.err(mm.node.mark, "`path_prefix` must start with `/`"));
        }
        Ok(Route {
            name,
            host,
            path_prefix,
            upstream: self.upstream(m.require(c, "upstream", "route")?)?,
            auth: m.get("auth").map(|n| self.auth(n)).transpose()?,
            rate_limit: m
                .get("rate_limit")
                .map(|n| self.rate_limit(n))
                .transpose()?,
            network: m.get("network").map(|n| self.network(n)).transpose()?,
            limits: m
                .get("limits")
                .map(|n| self.limits(n, global_limits))
                .transpose()?,
            waf: match m.get("waf") {
                Some(n) => {
                    let w = c.map(n, "waf", &["mode", "paranoia"])?;
                    let paranoia = match w.get("paranoia") {
                        Some(p) => match c.uint(p, "paranoia")? {
                            v @ 1..=4 => v as u8,
                            _ => return Err(c.err(p.mark, "`paranoia` must be 1, 2, 3 or 4")),
                        },
                        None => 1,
                    };
                    let mode = c.string(w.require(c, "mode", "waf")?, "waf.mode")?;
                    Some(Waf {
                        paranoia,
                        block: match mode.as_str() {
                            "block" => true,
                            "detect" => false,
                            _ => {
                                return Err(c.err(n.mark, "`waf.mode` must be `block` or `detect`"))
                            }
                        },
                    })
                }
                None => None,
            },
            openapi: m
                .get("openapi")
                .map(|n| self.file(n, "openapi"))
                .transpose()?,
            mark: node.mark,
        })
    }

    fn upstream(&self, node: &Node) -> Result<Upstream, ConfigError> {
        let c = &self.ctx;
        let m = c.map(
            node,
            "upstream",
            &[
                "endpoints",
                "tls",
                "connect_timeout",
                "request_timeout",
                "retries",
                "health_check",
            ],
        )?;
        let en = m.require(c, "endpoints", "upstream")?;
        let mut endpoints = Vec::new();
        for (s, mark) in c.strings(en, "endpoints")? {
            match s.rsplit_once(':') {
                Some((h, p)) if !h.is_empty() && p.parse::<u16>().is_ok() => endpoints.push(s),
                _ => return Err(c.err(mark, format!("endpoint `{s}` must be `host:port`"))),
            }
        }
        if endpoints.is_empty() {
            return Err(c.err(en.mark, "`endpoints` needs at least one `host:port`"));
        }
        let tls = match m.get("tls") {
            Some(n) => {
                let t = c.map(n, "upstream.tls", &["ca", "cert", "key", "server_name"])?;
                let tls = UpstreamTls {
                    ca: self.file(t.require(c, "ca", "upstream.tls")?, "ca")?,
                    cert: t.get("cert").map(|n| self.file(n, "cert")).transpose()?,
                    key: t.get("key").map(|n| self.file(n, "key")).transpose()?,
                    server_name: m_opt_string(c, &t, "server_name")?,
                };
                if tls.cert.is_some() != tls.key.is_some() {
                    return Err(c.err(
                        n.mark,
                        "`upstream.tls` needs both `cert` and `key` for mTLS",
                    ));
                }
                Some(tls)
            }
            None => None,
        };
        let health_check = match m.get("health_check") {
            Some(n) => {
                let h = c.map(
                    n,
                    "health_check",
                    &["path", "interval", "timeout", "unhealthy_after"],
                )?;
                Some(HealthCheck {
                    path: m_opt_string(c, &h, "path")?,
                    interval: opt_dur(c, &h, "interval", Duration::from_secs(5))?,
                    timeout: opt_dur(c, &h, "timeout", Duration::from_secs(2))?,
                    unhealthy_after: match h.get("unhealthy_after") {
                        Some(n) => c.uint(n, "unhealthy_after")?.clamp(1, 100) as u32,
                        None => 1,
                    },
                })
            }
            None => None,
        };
        Ok(Upstream {
            endpoints,
            tls,
            connect_timeout: opt_dur(c, &m, "connect_timeout", Duration::from_secs(2))?,
            request_timeout: opt_dur(c, &m, "request_timeout", Duration::from_secs(30))?,
            retries: match m.get("retries") {
                Some(n) => c.uint(n, "retries")?.min(5) as u32,
                None => 1,
            },
            health_check,
        })
    }

    fn auth(&self, node: &Node) -> Result<Auth, ConfigError> {
        let c = &self.ctx;
        let m = c.map(
            node,
            "auth",
            &[
                "mtls",
                "jwt",
                "api_keys",
                "api_key_header",
                "require_scopes",
                "require_claims",
            ],
        )?;
        let mut a = Auth {
            api_key_header: "x-api-key".into(),
            ..Auth::default()
        };
        if let Some(n) = m.get("mtls") {
            let t = c.map(n, "mtls", &["spiffe_ids"])?;
            a.spiffe_ids = c
                .strings(t.require(c, "spiffe_ids", "mtls")?, "spiffe_ids")?
                .into_iter()
                .map(|(s, mark)| {
                    if s.starts_with("spiffe://") {
                        Ok(s)
                    } else {
                        Err(c.err(mark, format!("`{s}` is not a SPIFFE ID (spiffe://...)")))
                    }
                })
                .collect::<Result<_, _>>()?;
        }
        if let Some(n) = m.get("jwt") {
            let j = c.map(
                n,
                "jwt",
                &[
                    "jwks_file",
                    "jwks_url",
                    "hs256_secret_env",
                    "issuer",
                    "audience",
                    "leeway",
                    "refresh",
                ],
            )?;
            let audience = match j.require(c, "audience", "jwt")? {
                a if a.value_seq().is_some() => c
                    .strings(a, "audience")?
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect(),
                a => vec![c.string(a, "audience")?],
            };
            let jwt = Jwt {
                jwks_file: j
                    .get("jwks_file")
                    .map(|n| self.file(n, "jwks_file"))
                    .transpose()?,
                jwks_url: m_opt_string(c, &j, "jwks_url")?,
                hs256_secret_env: m_opt_string(c, &j, "hs256_secret_env")?,
                issuer: c.string(j.require(c, "issuer", "jwt")?, "issuer")?,
                audience,
                leeway: opt_dur(c, &j, "leeway", Duration::from_secs(30))?,
                refresh: opt_dur(c, &j, "refresh", Duration::from_secs(300))?,
            };
            if jwt.jwks_file.is_none() && jwt.jwks_url.is_none() && jwt.hs256_secret_env.is_none() {
                return Err(c.err(
                    n.mark,
                    "`jwt` needs a key source: `jwks_file`, `jwks_url` or `hs256_secret_env`",
                ));
            }
            a.jwt = Some(jwt);
        }
        if let Some(n) = m.get("api_keys") {
            let Some(items) = n.value_seq() else {
                return Err(c.err(n.mark, "`api_keys` must be a list"));
            };
            for item in items {
                let k = c.map(item, "api_keys entry", &["id", "hash", "scopes"])?;
                let id = c.string(k.require(c, "id", "api_keys entry")?, "id")?;
                let hn = k.require(c, "hash", "api_keys entry")?;
                let hash = c.string(hn, "hash")?.to_ascii_lowercase();
                let hex = hash.strip_prefix("sha256:").unwrap_or("");
                if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(c.err(
                        hn.mark,
                        "`hash` must be `sha256:` and the 64-hex-digit SHA-256 of the key (keys are never stored in clear)",
                    ));
                }
                let scopes = match k.get("scopes") {
                    Some(n) => c
                        .strings(n, "scopes")?
                        .into_iter()
                        .map(|(s, _)| s)
                        .collect(),
                    None => Vec::new(),
                };
                a.api_keys.push(ApiKey { id, hash, scopes });
            }
        }
        if let Some(h) = m_opt_string(c, &m, "api_key_header")? {
            a.api_key_header = h.to_ascii_lowercase();
        }
        if let Some(n) = m.get("require_scopes") {
            a.require_scopes = c
                .strings(n, "require_scopes")?
                .into_iter()
                .map(|(s, _)| s)
                .collect();
        }
        if let Some(n) = m.get("require_claims") {
            if !n.is_map() {
                return Err(c.err(
                    n.mark,
                    "`require_claims` must be a mapping of claim to value",
                ));
            }
            for (k, v) in n.entries() {
                a.require_claims
                    .push((c.string(k, "claim")?, c.string(v, "claim value")?));
            }
        }
        if a.jwt.is_none() && a.api_keys.is_empty() && a.spiffe_ids.is_empty() {
            return Err(c.err(
                node.mark,
                "`auth` needs at least one of `jwt`, `api_keys` or `mtls`",
            ));
        }
        if !a.require_claims.is_empty() && a.jwt.is_none() {
            return Err(c.err(
                node.mark,
                "`require_claims` needs `jwt` (API keys and certificates carry no claims)",
            ));
        }
        Ok(a)
    }

    fn rate_limit(&self, node: &Node) -> Result<RateLimit, ConfigError> {
        let c = &self.ctx;
        let m = c.map(node, "rate_limit", &["key", "per_second", "burst", "redis"])?;
        let kn = m.require(c, "key", "rate_limit")?;
        let ks = c.string(kn, "key")?;
        let key = match ks.as_str() {
            "client_ip" => RateKey::ClientIp,
            "jwt_sub" => RateKey::JwtSub,
            "api_key" => RateKey::ApiKey,
            other => match other.strip_prefix("header:") {
                Some(h) => RateKey::Header(
                    http::HeaderName::from_bytes(h.trim().to_ascii_lowercase().as_bytes())
                        .map_err(|_| c.err(kn.mark, format!("`{h}` is not a header name")))?,
                ),
                None => {
                    return Err(c.err(
                        kn.mark,
                        format!("rate limit key `{other}` must be client_ip, jwt_sub, api_key or header:NAME"),
                    ))
                }
            },
        };
        let redis = match m.get("redis") {
            Some(n) => {
                let r = c.map(n, "redis", &["url", "on_error"])?;
                let url = c.string(r.require(c, "url", "redis")?, "url")?;
                let fail_open = match m_opt_string(c, &r, "on_error")?.as_deref() {
                    None | Some("open") => true,
                    Some("closed") => false,
                    Some(_) => return Err(c.err(n.mark, "`on_error` must be `open` or `closed`")),
                };
                Some(RedisLimit { url, fail_open })
            }
            None => None,
        };
        let burst_node = m.get("burst");
        Ok(RateLimit {
            key,
            per_second: c.number(m.require(c, "per_second", "rate_limit")?, "per_second")?,
            burst: match burst_node {
                Some(n) => c.uint(n, "burst")?.clamp(1, 1_000_000) as u32,
                None => 1,
            },
            redis,
        })
    }
}

fn m_opt_string(c: &Ctx<'_>, m: &Map<'_>, key: &str) -> Result<Option<String>, ConfigError> {
    m.get(key).map(|n| c.string(n, key)).transpose()
}

fn opt_dur(
    c: &Ctx<'_>,
    m: &Map<'_>,
    key: &str,
    default: Duration,
) -> Result<Duration, ConfigError> {
    Ok(match m.get(key) {
        Some(n) => c.duration(n, key)?,
        None => default,
    })
}

/// Parses `10.0.0.0/8`, `::1/128` or a bare address (as a host network).
pub fn parse_net(s: &str) -> Option<IpNet> {
    let s = s.trim();
    s.parse::<IpNet>()
        .ok()
        .or_else(|| s.parse::<std::net::IpAddr>().ok().map(IpNet::from))
}

trait SeqExt {
    fn value_seq(&self) -> Option<&[Node]>;
}

impl SeqExt for Node {
    fn value_seq(&self) -> Option<&[Node]> {
        match &self.value {
            palisade_yaml::Value::Seq(items) => Some(items),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("gw.yaml"), text)
    }

    const MIN: &str = "listen: 127.0.0.1:8443\nroutes:\n  - name: a\n    match: {path_prefix: /}\n    upstream: {endpoints: [\"127.0.0.1:1\"]}\n";

    #[test]
    fn the_issue_example_parses_as_written() {
        let text = r#"listen: 127.0.0.1:8443
tls: {cert: server.crt, key: server.key}          # client_ca: ca.crt turns on mTLS
admin: {listen: 127.0.0.1:9901}
audit_log: audit.jsonl                            # or "-" for stdout
routes:
  - name: orders
    match: {path_prefix: /orders}
    upstream: {endpoints: ["127.0.0.1:9001"]}
    auth:
      jwt: {jwks_file: jwks.json, issuer: https://issuer.example, audience: orders}
    rate_limit: {key: jwt_sub, per_second: 5, burst: 5}
"#;
        let c = parse(text).unwrap();
        assert_eq!(
            c.routes[0].rate_limit.as_ref().unwrap().key,
            RateKey::JwtSub
        );
        assert_eq!(c.admin.unwrap().port(), 9901);
    }

    #[test]
    fn the_demo_config_parses() {
        let p =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shop/gateway/gateway.yaml");
        let c = Config::load(&p).unwrap();
        assert_eq!(c.routes.len(), 3);
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let e = parse(&MIN.replace("upstream:", "upstreem:")).unwrap_err();
        assert_eq!(e.to_string().split(": ").next().unwrap(), "gw.yaml:5:5");
        assert!(e.message.contains("unknown key `upstreem`"), "{e}");
        let e = parse(&format!(
            "{MIN}    rate_limit: {{key: jwt_sub, per_second: 5, brust: 5}}\n"
        ))
        .unwrap_err();
        assert!(e.to_string().starts_with("gw.yaml:6:"), "{e}");
        let e = parse(&MIN.replace("127.0.0.1:8443", "localhost")).unwrap_err();
        assert_eq!(e.mark.line, 1);
        let e = parse(&MIN.replace("127.0.0.1:1", "nohost")).unwrap_err();
        assert!(e.message.contains("host:port"), "{e}");
        let e = parse(&format!("{MIN}    network: {{allow: [10.0.0.0/33]}}\n")).unwrap_err();
        assert!(e.message.contains("CIDR"), "{e}");
        let e = parse(&format!("{MIN}    auth: {{}}\n")).unwrap_err();
        assert!(e.message.contains("at least one"), "{e}");
        let e = parse(&format!(
            "{MIN}    auth: {{api_keys: [{{id: a, hash: plaintext}}]}}\n"
        ))
        .unwrap_err();
        assert!(e.message.contains("sha256"), "{e}");
        assert!(parse("listen: [").is_err());
        assert!(parse("").is_err());
    }
}
