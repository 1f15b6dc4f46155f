//! Fetching a JWKS over HTTP(S): hyper-util's client over rustls (ring), web roots or a
//! configured CA, a time limit and a size limit.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::Uri;
use http_body_util::{BodyExt, Empty, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::jwks::MAX_JWKS_BYTES;
use crate::AuthnError;

type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Empty<Bytes>>;

pub(crate) struct Fetcher {
    url: String,
    uri: Uri,
    client: HttpsClient,
    timeout: Duration,
}

fn setting(reason: String) -> AuthnError {
    AuthnError::Setting {
        setting: "jwt.jwks_url",
        reason,
    }
}

impl Fetcher {
    pub(crate) fn new(
        url: &str,
        ca_file: Option<&Path>,
        timeout: Duration,
    ) -> Result<Fetcher, AuthnError> {
        let uri: Uri = url
            .parse()
            .map_err(|e| setting(format!("`{url}` is not a URL: {e}")))?;
        let host = uri.host().unwrap_or_default();
        match uri.scheme_str() {
            Some("https") => {}
            // Plain HTTP lets anyone on the path substitute keys; only loopback (tests,
            // a local sidecar) is acceptable.
            Some("http") if is_loopback(host) => {}
            Some("http") => {
                return Err(setting(format!(
                    "`{url}` uses plain http to a non-loopback host; use https"
                )))
            }
            _ => return Err(setting(format!("`{url}` must be an https:// URL"))),
        }
        let roots = match ca_file {
            Some(path) => load_ca(path)?,
            None => rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            },
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| setting(format!("TLS setup: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Ok(Fetcher {
            url: url.to_string(),
            uri,
            client,
            timeout,
        })
    }

    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// GETs the document: 200 required, at most [`MAX_JWKS_BYTES`], within the time limit.
    pub(crate) async fn fetch(&self) -> Result<Bytes, AuthnError> {
        let fail = |reason: String| AuthnError::Fetch {
            url: self.url.clone(),
            reason,
        };
        let work = async {
            let request = http::Request::get(self.uri.clone())
                .header(http::header::ACCEPT, "application/json")
                .body(Empty::<Bytes>::new())
                .map_err(|e| fail(e.to_string()))?;
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| fail(format!("request failed: {e}")))?;
            if response.status() != http::StatusCode::OK {
                return Err(fail(format!("HTTP status {}", response.status())));
            }
            let body = Limited::new(response.into_body(), MAX_JWKS_BYTES)
                .collect()
                .await
                .map_err(|e| fail(format!("reading the body: {e}")))?;
            Ok(body.to_bytes())
        };
        match tokio::time::timeout(self.timeout, work).await {
            Ok(result) => result,
            Err(_) => Err(fail(format!("no answer within {:?}", self.timeout))),
        }
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn load_ca(path: &Path) -> Result<rustls::RootCertStore, AuthnError> {
    let file_error = |reason: String| AuthnError::File {
        path: path.to_path_buf(),
        reason,
    };
    let pem = std::fs::read(path).map_err(|e| file_error(e.to_string()))?;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_pemfile::certs(&mut pem.as_slice()) {
        let cert = cert.map_err(|e| file_error(format!("bad PEM: {e}")))?;
        roots
            .add(cert)
            .map_err(|e| file_error(format!("unusable CA certificate: {e}")))?;
    }
    if roots.is_empty() {
        return Err(file_error("no CERTIFICATE block found".into()));
    }
    Ok(roots)
}
