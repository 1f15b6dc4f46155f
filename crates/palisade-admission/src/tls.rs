//! TLS for the server with rustls (ring): the certificate sits behind an `ArcSwap`, so a
//! renewed certificate applies to the next handshake without a restart or a dropped
//! connection.

use std::path::Path;
use std::sync::Arc;

use arc_swap::ArcSwap;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::ServerConfig;

use crate::AdmissionError;

/// The serving certificate in force.
#[derive(Debug)]
pub struct CertStore {
    current: ArcSwap<CertifiedKey>,
}

impl CertStore {
    /// Loads the PEM certificate chain and key.
    pub fn load(cert: &Path, key: &Path) -> Result<CertStore, AdmissionError> {
        Ok(CertStore {
            current: ArcSwap::from_pointee(certified_key(cert, key)?),
        })
    }

    /// Replaces the certificate (after a file change).
    pub fn reload(&self, cert: &Path, key: &Path) -> Result<(), AdmissionError> {
        self.current.store(Arc::new(certified_key(cert, key)?));
        Ok(())
    }
}

impl ResolvesServerCert for CertStore {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current.load_full())
    }
}

/// A rustls server configuration (TLS 1.2 and 1.3, ALPN h2 and http/1.1) serving `certs`.
pub fn server_config(certs: Arc<CertStore>) -> Result<ServerConfig, AdmissionError> {
    let mut cfg =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| AdmissionError::new(format!("TLS setup: {e}")))?
            .with_no_client_auth()
            .with_cert_resolver(certs);
    cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(cfg)
}

fn certified_key(cert: &Path, key: &Path) -> Result<CertifiedKey, AdmissionError> {
    let chain = read_certs(cert)?;
    let key_der = read_key(key)?;
    let signing = rustls::crypto::ring::sign::any_supported_type(&key_der).map_err(|e| {
        AdmissionError::new(format!("{}: unsupported private key: {e}", key.display()))
    })?;
    Ok(CertifiedKey::new(chain, signing))
}

/// Reads every certificate of a PEM file.
pub fn read_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, AdmissionError> {
    let bytes = std::fs::read(path).map_err(|e| {
        AdmissionError::new(format!("{}: cannot read certificate: {e}", path.display()))
    })?;
    let certs = rustls_pemfile::certs(&mut bytes.as_slice())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| AdmissionError::new(format!("{}: invalid PEM: {e}", path.display())))?;
    if certs.is_empty() {
        return Err(AdmissionError::new(format!(
            "{}: no CERTIFICATE block found",
            path.display()
        )));
    }
    Ok(certs)
}

fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, AdmissionError> {
    let bytes = std::fs::read(path).map_err(|e| {
        AdmissionError::new(format!("{}: cannot read private key: {e}", path.display()))
    })?;
    rustls_pemfile::private_key(&mut bytes.as_slice())
        .map_err(|e| AdmissionError::new(format!("{}: invalid PEM: {e}", path.display())))?
        .ok_or_else(|| {
            AdmissionError::new(format!("{}: no PRIVATE KEY block found", path.display()))
        })
}
