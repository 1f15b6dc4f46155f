//! TLS for both sides of the gateway, with rustls and the `ring` provider.
//!
//! Only TLS 1.2 and 1.3 with AEAD, forward-secret suites are offered (rustls ships no others,
//! and we trim the TLS 1.2 list to ECDHE-ECDSA/RSA with AES-GCM or ChaCha20-Poly1305). The
//! server offers ALPN `h2` and `http/1.1`; with a client CA it requires a client
//! certificate (mTLS), whose SPIFFE ID is then read by [`crate::identity`].

use std::path::Path;
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, RootCertStore, ServerConfig};

use crate::config::{ServerTls, UpstreamTls};

/// A TLS setup failure, naming the file involved.
#[derive(Debug)]
pub struct TlsError(pub String);

impl std::fmt::Display for TlsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TlsError {}

/// The ring provider restricted to modern suites.
pub fn provider() -> Arc<CryptoProvider> {
    use rustls::crypto::ring::cipher_suite as cs;
    let mut p = rustls::crypto::ring::default_provider();
    p.cipher_suites = vec![
        cs::TLS13_AES_256_GCM_SHA384,
        cs::TLS13_AES_128_GCM_SHA256,
        cs::TLS13_CHACHA20_POLY1305_SHA256,
        cs::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        cs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        cs::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        cs::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        cs::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];
    Arc::new(p)
}

const VERSIONS: &[&rustls::SupportedProtocolVersion] =
    &[&rustls::version::TLS13, &rustls::version::TLS12];

/// Reads a PEM certificate chain.
pub fn load_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let data = std::fs::read(path)
        .map_err(|e| TlsError(format!("{}: cannot read certificate: {e}", path.display())))?;
    let certs: Vec<_> = rustls_pemfile::certs(&mut data.as_slice())
        .collect::<Result<_, _>>()
        .map_err(|e| TlsError(format!("{}: bad PEM certificate: {e}", path.display())))?;
    if certs.is_empty() {
        return Err(TlsError(format!(
            "{}: no certificate found",
            path.display()
        )));
    }
    Ok(certs)
}

/// Reads a PEM private key (PKCS#8, PKCS#1 or SEC1).
pub fn load_key(path: &Path) -> Result<PrivateKeyDer<'static>, TlsError> {
    let data = std::fs::read(path)
        .map_err(|e| TlsError(format!("{}: cannot read key: {e}", path.display())))?;
    rustls_pemfile::private_key(&mut data.as_slice())
        .map_err(|e| TlsError(format!("{}: bad PEM key: {e}", path.display())))?
        .ok_or_else(|| TlsError(format!("{}: no private key found", path.display())))
}

fn roots(path: &Path) -> Result<RootCertStore, TlsError> {
    let mut store = RootCertStore::empty();
    for c in load_certs(path)? {
        store
            .add(c)
            .map_err(|e| TlsError(format!("{}: unusable CA certificate: {e}", path.display())))?;
    }
    Ok(store)
}

/// Builds the listener's TLS config.
pub fn server_config(tls: &ServerTls) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = provider();
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(VERSIONS)
        .map_err(|e| TlsError(format!("TLS setup: {e}")))?;
    let builder = match &tls.client_ca {
        Some(ca) => {
            let verifier =
                WebPkiClientVerifier::builder_with_provider(Arc::new(roots(ca)?), provider)
                    .build()
                    .map_err(|e| TlsError(format!("{}: client CA: {e}", ca.display())))?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let mut cfg = builder
        .with_single_cert(load_certs(&tls.cert)?, load_key(&tls.key)?)
        .map_err(|e| {
            TlsError(format!(
                "{} / {}: certificate and key do not form a usable pair: {e}",
                tls.cert.display(),
                tls.key.display()
            ))
        })?;
    cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(cfg))
}

/// Builds the TLS config used towards an upstream (HTTP/1.1 only, so upgrades pass
/// through it; the connector sets the ALPN).
pub fn upstream_config(tls: &UpstreamTls) -> Result<ClientConfig, TlsError> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(VERSIONS)
        .map_err(|e| TlsError(format!("TLS setup: {e}")))?
        .with_root_certificates(roots(&tls.ca)?);
    let cfg = match (&tls.cert, &tls.key) {
        (Some(cert), Some(key)) => builder
            .with_client_auth_cert(load_certs(cert)?, load_key(key)?)
            .map_err(|e| TlsError(format!("{}: client certificate: {e}", cert.display())))?,
        _ => builder.with_no_client_auth(),
    };
    // No ALPN here: the upstream connector adds `http/1.1` itself.
    Ok(cfg)
}
