//! Shared test helpers: fixture keys, token signing, times.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

pub const ISSUER: &str = "https://issuer.example";
pub const AUDIENCE: &str = "orders";
pub const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-test-secret";
/// A fixed "now" so time checks are exact.
pub const NOW: u64 = 1_800_000_000;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn read_fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture")
}

pub fn at(unix: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix)
}

pub fn now() -> SystemTime {
    at(NOW)
}

pub fn claims() -> Value {
    json!({
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "user-42",
        "exp": NOW + 600,
        "iat": NOW - 10,
        "jti": "token-1",
        "scope": "orders:read orders:write",
    })
}

pub fn key_for(alg: Algorithm, key: &str) -> EncodingKey {
    let pem = read_fixture(&format!("{key}.pem"));
    match alg {
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => EncodingKey::from_rsa_pem(&pem).expect("rsa pem"),
        Algorithm::ES256 | Algorithm::ES384 => EncodingKey::from_ec_pem(&pem).expect("ec pem"),
        Algorithm::EdDSA => EncodingKey::from_ed_pem(&pem).expect("ed pem"),
        _ => panic!("use sign_hs"),
    }
}

/// Signs `claims` with the fixture key file `key` (e.g. `rsa-1`), header `kid` as given.
pub fn sign(alg: Algorithm, key: &str, kid: Option<&str>, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_string);
    jsonwebtoken::encode(&header, claims, &key_for(alg, key)).expect("sign")
}

pub fn sign_hs(alg: Algorithm, secret: &[u8], kid: Option<&str>, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_string);
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(secret)).expect("sign")
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A token with an arbitrary header and signature, for forged-token tests.
pub fn raw_token(header: &Value, claims: &Value, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes()),
        b64(signature)
    )
}
