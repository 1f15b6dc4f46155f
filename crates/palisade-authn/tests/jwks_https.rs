//! JWKS over HTTPS from a real TLS server on 127.0.0.1, trusted through a configured CA
//! file, and refused without it.

mod common;

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use common::*;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use jsonwebtoken::Algorithm;
use palisade_authn::{JwtSettings, JwtVerifier, KeySource};
use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;

/// Starts an HTTPS server with a certificate for 127.0.0.1 signed by a fresh CA; returns
/// its URL and the CA's PEM.
async fn https_jwks_server(body: Vec<u8>) -> (String, String) {
    let ca_key = KeyPair::generate().expect("ca key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).expect("ca");
    let leaf_key = KeyPair::generate().expect("leaf key");
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
        .expect("leaf params")
        .signed_by(&leaf_key, &ca, &ca_key)
        .expect("leaf");
    let tls = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(
        vec![leaf.der().clone()],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
    )
    .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let body = Bytes::from(body);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let body = body.clone();
            tokio::spawn(async move {
                let Ok(stream) = acceptor.accept(stream).await else {
                    return;
                };
                let service = service_fn(move |_req| {
                    let body = body.clone();
                    async move { Ok::<_, Infallible>(hyper::Response::new(Full::new(body))) }
                });
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (format!("https://{addr}/jwks.json"), ca.pem())
}

#[tokio::test]
async fn https_jwks_with_a_configured_ca() {
    let (url, ca_pem) = https_jwks_server(read_fixture("jwks.json")).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca_pem).expect("write");

    let mut settings = JwtSettings::new(KeySource::JwksUrl(url.clone()), ISSUER, AUDIENCE);
    settings.ca_file = Some(ca_file);
    let v = JwtVerifier::new(settings).expect("verifier");
    assert_eq!(v.refresh().await.expect("fetch over TLS"), 4);
    let token = sign(Algorithm::EdDSA, "ed25519", Some("ed25519"), &claims());
    assert!(v.verify(&token, now()).is_ok());

    // With the public web roots only, the private CA is not trusted.
    let untrusted = JwtVerifier::new(JwtSettings::new(KeySource::JwksUrl(url), ISSUER, AUDIENCE))
        .expect("verifier");
    let err = untrusted
        .refresh()
        .await
        .expect_err("untrusted certificate");
    assert!(err.to_string().contains("JWKS"), "{err}");
    assert!(!untrusted.has_keys());
}
