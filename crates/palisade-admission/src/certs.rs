//! `palisade admission certs`: a private CA and a serving certificate signed by it, whose
//! SANs cover every DNS name the API server may use for the Service (plus `localhost` and
//! `127.0.0.1` for local testing). The CA goes into the webhook configurations' caBundle.

use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};

use crate::AdmissionError;

/// The files written.
#[derive(Debug)]
pub struct CertFiles {
    /// `ca.crt`.
    pub ca: PathBuf,
    /// `tls.crt`.
    pub cert: PathBuf,
    /// `tls.key` (mode 0600).
    pub key: PathBuf,
    /// SANs of the serving certificate.
    pub names: Vec<String>,
}

/// The names a Service is reached by, then `localhost` and `127.0.0.1`.
pub fn service_names(service: &str, namespace: &str) -> Vec<String> {
    vec![
        service.to_string(),
        format!("{service}.{namespace}"),
        format!("{service}.{namespace}.svc"),
        format!("{service}.{namespace}.svc.cluster.local"),
        "localhost".to_string(),
        "127.0.0.1".to_string(),
    ]
}

/// Generates the CA and serving certificate (ECDSA P-256, valid `days`) into `out_dir`.
pub fn generate(
    service: &str,
    namespace: &str,
    out_dir: &Path,
    days: u32,
) -> Result<CertFiles, AdmissionError> {
    let fail =
        |what: &str, e: rcgen::Error| AdmissionError::new(format!("cannot create the {what}: {e}"));
    let now = time::OffsetDateTime::now_utc();
    let until = now + time::Duration::days(i64::from(days));

    let ca_key = KeyPair::generate().map_err(|e| fail("CA key", e))?;
    let mut ca = CertificateParams::default();
    ca.distinguished_name = DistinguishedName::new();
    ca.distinguished_name.push(
        DnType::CommonName,
        format!("palisade-admission CA ({namespace})"),
    );
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    ca.not_before = now - time::Duration::minutes(5);
    ca.not_after = until;
    let ca_cert = ca.self_signed(&ca_key).map_err(|e| fail("CA", e))?;

    let names = service_names(service, namespace);
    let key = KeyPair::generate().map_err(|e| fail("serving key", e))?;
    let mut params =
        CertificateParams::new(names.clone()).map_err(|e| fail("serving certificate", e))?;
    params.distinguished_name = DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, format!("{service}.{namespace}.svc"));
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.not_before = now - time::Duration::minutes(5);
    params.not_after = until;
    let cert = params
        .signed_by(&key, &ca_cert, &ca_key)
        .map_err(|e| fail("serving certificate", e))?;

    std::fs::create_dir_all(out_dir).map_err(|e| {
        AdmissionError::new(format!(
            "{}: cannot create directory: {e}",
            out_dir.display()
        ))
    })?;
    let files = CertFiles {
        ca: out_dir.join("ca.crt"),
        cert: out_dir.join("tls.crt"),
        key: out_dir.join("tls.key"),
        names,
    };
    write(&files.ca, ca_cert.pem().as_bytes(), false)?;
    write(&files.cert, cert.pem().as_bytes(), false)?;
    write(&files.key, key.serialize_pem().as_bytes(), true)?;
    Ok(files)
}

fn write(path: &Path, bytes: &[u8], private: bool) -> Result<(), AdmissionError> {
    let err =
        |e: std::io::Error| AdmissionError::new(format!("{}: cannot write: {e}", path.display()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    use std::io::Write;
    let mut f = opts.open(path).map_err(err)?;
    f.write_all(bytes).map_err(err)
}
