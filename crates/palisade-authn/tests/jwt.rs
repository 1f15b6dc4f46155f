//! JWT verification: every accept and reject path, with tokens signed by real keys.

mod common;

use std::time::Duration;

use common::*;
use jsonwebtoken::Algorithm;
use palisade_authn::{Denial, JwtSettings, JwtVerifier, KeySource};
use serde_json::{json, Value};

fn jwks_verifier() -> JwtVerifier {
    JwtVerifier::new(JwtSettings::new(
        KeySource::JwksFile(fixture("jwks.json")),
        ISSUER,
        AUDIENCE,
    ))
    .expect("verifier")
}

fn secret_verifier() -> JwtVerifier {
    JwtVerifier::new(JwtSettings::new(
        KeySource::SharedSecret(SECRET.to_vec()),
        ISSUER,
        AUDIENCE,
    ))
    .expect("verifier")
}

fn with(changes: Value) -> Value {
    let mut c = claims();
    for (k, v) in changes.as_object().expect("object") {
        if v.is_null() {
            c.as_object_mut().expect("object").remove(k);
        } else {
            c[k] = v.clone();
        }
    }
    c
}

#[test]
fn accepts_each_public_key_algorithm_by_kid() {
    let v = jwks_verifier();
    for (alg, key) in [
        (Algorithm::RS256, "rsa-1"),
        (Algorithm::ES256, "ec-256"),
        (Algorithm::ES384, "ec-384"),
        (Algorithm::EdDSA, "ed25519"),
    ] {
        let token = sign(alg, key, Some(key), &claims());
        let verified = v
            .verify(&token, now())
            .unwrap_or_else(|d| panic!("{alg:?}: {d}"));
        assert_eq!(verified.subject, "user-42");
        assert_eq!(verified.issuer, ISSUER);
        assert_eq!(verified.audiences, vec![AUDIENCE]);
        assert_eq!(verified.scopes, vec!["orders:read", "orders:write"]);
        assert_eq!(verified.token_id.as_deref(), Some("token-1"));
        assert_eq!(verified.key_id.as_deref(), Some(key));
        assert_eq!(verified.algorithm, alg);
        assert_eq!(verified.expires_at, Some(NOW + 600));
    }
}

#[test]
fn token_without_kid_is_checked_against_keys_of_the_right_type() {
    let v = jwks_verifier();
    let token = sign(Algorithm::ES256, "ec-256", None, &claims());
    assert!(v.verify(&token, now()).is_ok());
    let token = sign(Algorithm::EdDSA, "ed25519", None, &claims());
    assert!(v.verify(&token, now()).is_ok());
    // Signed by a key that is not in the set: no type-compatible key verifies it.
    let token = sign(Algorithm::RS256, "rsa-2", None, &claims());
    assert_eq!(v.verify(&token, now()), Err(Denial::BadSignature));
}

#[test]
fn rsa_pss_and_larger_hashes_work_when_the_jwk_does_not_pin_an_alg() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut doc: Value = serde_json::from_slice(&read_fixture("jwks.json")).expect("json");
    doc["keys"][0].as_object_mut().expect("key").remove("alg");
    let path = dir.path().join("jwks.json");
    std::fs::write(&path, doc.to_string()).expect("write");
    let v = JwtVerifier::new(JwtSettings::new(
        KeySource::JwksFile(path),
        ISSUER,
        AUDIENCE,
    ))
    .expect("verifier");
    for alg in [Algorithm::PS256, Algorithm::RS512, Algorithm::PS384] {
        let token = sign(alg, "rsa-1", Some("rsa-1"), &claims());
        assert!(v.verify(&token, now()).is_ok(), "{alg:?}");
    }
}

#[test]
fn jwk_alg_pins_the_algorithm() {
    // rsa-1 says "alg": "RS256": a PS256 token naming it is refused before any signature check.
    let token = sign(Algorithm::PS256, "rsa-1", Some("rsa-1"), &claims());
    assert_eq!(
        jwks_verifier().verify(&token, now()),
        Err(Denial::AlgKeyMismatch)
    );
}

#[test]
fn alg_of_another_key_type_is_refused() {
    let v = jwks_verifier();
    // An ES256 token that names the RSA key, and an RS256 token that names the EC key.
    let token = sign(Algorithm::ES256, "ec-256", Some("rsa-1"), &claims());
    assert_eq!(v.verify(&token, now()), Err(Denial::AlgKeyMismatch));
    let token = sign(Algorithm::RS256, "rsa-1", Some("ec-256"), &claims());
    assert_eq!(v.verify(&token, now()), Err(Denial::AlgKeyMismatch));
    // ES384 against the P-256 key.
    let token = sign(Algorithm::ES384, "ec-384", Some("ec-256"), &claims());
    assert_eq!(v.verify(&token, now()), Err(Denial::AlgKeyMismatch));
}

#[test]
fn alg_none_is_refused_in_every_spelling() {
    let v = jwks_verifier();
    let s = secret_verifier();
    for alg in ["none", "None", "NONE", "nOnE"] {
        let token = raw_token(&json!({"alg": alg, "typ": "JWT"}), &claims(), b"");
        assert_eq!(v.verify(&token, now()), Err(Denial::AlgNone), "{alg}");
        assert_eq!(s.verify(&token, now()), Err(Denial::AlgNone), "{alg}");
        let with_sig = raw_token(&json!({"alg": alg}), &claims(), b"whatever");
        assert_eq!(v.verify(&with_sig, now()), Err(Denial::AlgNone));
    }
}

#[test]
fn hs256_signed_with_the_rsa_public_key_is_refused() {
    // The classic confusion: the attacker knows the public key and uses it as an HMAC secret.
    let v = jwks_verifier();
    let public_pem = read_fixture("rsa-1.pub.pem");
    for secret in [public_pem.clone(), public_pem.trim_ascii_end().to_vec()] {
        let token = sign_hs(Algorithm::HS256, &secret, Some("rsa-1"), &claims());
        assert_eq!(v.verify(&token, now()), Err(Denial::AlgNotAllowed));
    }
    // The JWK's own "n" as the secret, too.
    let doc: Value = serde_json::from_slice(&read_fixture("jwks.json")).expect("json");
    let n = doc["keys"][0]["n"].as_str().expect("n");
    let token = sign_hs(Algorithm::HS256, n.as_bytes(), Some("rsa-1"), &claims());
    assert_eq!(v.verify(&token, now()), Err(Denial::AlgNotAllowed));
}

#[test]
fn hmac_cannot_be_configured_with_public_keys_nor_rsa_with_a_secret() {
    let mut settings =
        JwtSettings::new(KeySource::JwksFile(fixture("jwks.json")), ISSUER, AUDIENCE);
    settings.algorithms = vec![Algorithm::RS256, Algorithm::HS256];
    let err = JwtVerifier::new(settings)
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains("jwt.algorithms") && err.contains("confusion"),
        "{err}"
    );

    let mut settings = JwtSettings::new(KeySource::SharedSecret(SECRET.to_vec()), ISSUER, AUDIENCE);
    settings.algorithms = vec![Algorithm::RS256];
    assert!(JwtVerifier::new(settings).is_err());
}

#[test]
fn rs256_token_is_refused_by_a_secret_verifier() {
    let token = sign(Algorithm::RS256, "rsa-1", Some("rsa-1"), &claims());
    assert_eq!(
        secret_verifier().verify(&token, now()),
        Err(Denial::AlgNotAllowed)
    );
}

#[test]
fn hs256_with_the_shared_secret() {
    let s = secret_verifier();
    let token = sign_hs(Algorithm::HS256, SECRET, None, &claims());
    assert_eq!(s.verify(&token, now()).expect("valid").subject, "user-42");
    let wrong = sign_hs(
        Algorithm::HS256,
        b"another-secret-of-at-least-32-bytes!!",
        None,
        &claims(),
    );
    assert_eq!(s.verify(&wrong, now()), Err(Denial::BadSignature));
    // HS384 is not enabled by default.
    let hs384 = sign_hs(Algorithm::HS384, SECRET, None, &claims());
    assert_eq!(s.verify(&hs384, now()), Err(Denial::AlgNotAllowed));
    assert!(s.has_keys());
}

#[test]
fn short_shared_secret_is_refused() {
    let err = JwtVerifier::new(JwtSettings::new(
        KeySource::SharedSecret(b"short".to_vec()),
        ISSUER,
        AUDIENCE,
    ))
    .err()
    .expect("refused")
    .to_string();
    assert!(err.contains("jwt.secret") && err.contains("32"), "{err}");
}

#[test]
fn unknown_kid_is_refused() {
    let token = sign(Algorithm::RS256, "rsa-2", Some("rsa-2"), &claims());
    assert_eq!(
        jwks_verifier().verify(&token, now()),
        Err(Denial::UnknownKid)
    );
}

#[test]
fn forged_signatures_are_refused() {
    let v = jwks_verifier();
    // Another key claiming to be rsa-1.
    let token = sign(Algorithm::RS256, "rsa-2", Some("rsa-1"), &claims());
    assert_eq!(v.verify(&token, now()), Err(Denial::BadSignature));
    // A valid token whose payload was swapped.
    let token = sign(Algorithm::ES256, "ec-256", Some("ec-256"), &claims());
    let parts: Vec<&str> = token.split('.').collect();
    let evil = b64(with(json!({"sub": "admin"})).to_string().as_bytes());
    let tampered = format!("{}.{}.{}", parts[0], evil, parts[2]);
    assert_eq!(v.verify(&tampered, now()), Err(Denial::BadSignature));
    // Empty signature.
    let stripped = format!("{}.{}.", parts[0], parts[1]);
    assert_eq!(v.verify(&stripped, now()), Err(Denial::BadSignature));
}

#[test]
fn restricted_algorithm_list_is_enforced() {
    let mut settings =
        JwtSettings::new(KeySource::JwksFile(fixture("jwks.json")), ISSUER, AUDIENCE);
    settings.algorithms = vec![Algorithm::ES256];
    let v = JwtVerifier::new(settings).expect("verifier");
    let rs = sign(Algorithm::RS256, "rsa-1", Some("rsa-1"), &claims());
    assert_eq!(v.verify(&rs, now()), Err(Denial::AlgNotAllowed));
    let es = sign(Algorithm::ES256, "ec-256", Some("ec-256"), &claims());
    assert!(v.verify(&es, now()).is_ok());
}

#[test]
fn expiry_with_leeway() {
    let v = jwks_verifier(); // leeway 60 s
    let token = sign(
        Algorithm::ES256,
        "ec-256",
        Some("ec-256"),
        &with(json!({"exp": NOW})),
    );
    // Expired 30 s ago: inside the leeway.
    assert!(v.verify(&token, at(NOW + 30)).is_ok());
    assert!(v.verify(&token, at(NOW + 59)).is_ok());
    // 60 s and more: outside.
    assert_eq!(v.verify(&token, at(NOW + 60)), Err(Denial::Expired));
    assert_eq!(v.verify(&token, at(NOW + 3600)), Err(Denial::Expired));

    let mut strict = JwtSettings::new(KeySource::JwksFile(fixture("jwks.json")), ISSUER, AUDIENCE);
    strict.leeway = Duration::ZERO;
    let strict = JwtVerifier::new(strict).expect("verifier");
    assert!(strict.verify(&token, at(NOW - 1)).is_ok());
    assert_eq!(strict.verify(&token, at(NOW)), Err(Denial::Expired));
}

#[test]
fn not_before_and_issued_at_in_the_future() {
    let v = jwks_verifier();
    let nbf = sign(
        Algorithm::ES256,
        "ec-256",
        Some("ec-256"),
        &with(json!({"nbf": NOW + 30})),
    );
    assert!(v.verify(&nbf, now()).is_ok(), "inside leeway");
    let nbf = sign(
        Algorithm::ES256,
        "ec-256",
        Some("ec-256"),
        &with(json!({"nbf": NOW + 300})),
    );
    assert_eq!(v.verify(&nbf, now()), Err(Denial::NotYetValid));
    assert!(v.verify(&nbf, at(NOW + 250)).is_ok());
    let iat = sign(
        Algorithm::ES256,
        "ec-256",
        Some("ec-256"),
        &with(json!({"iat": NOW + 300})),
    );
    assert_eq!(v.verify(&iat, now()), Err(Denial::IssuedInFuture));
}

#[test]
fn exp_required_by_default_and_time_claims_must_be_numbers() {
    let v = jwks_verifier();
    let no_exp = sign(
        Algorithm::ES256,
        "ec-256",
        Some("ec-256"),
        &with(json!({"exp": null})),
    );
    assert_eq!(v.verify(&no_exp, now()), Err(Denial::MissingExp));
    let mut lax = JwtSettings::new(KeySource::JwksFile(fixture("jwks.json")), ISSUER, AUDIENCE);
    lax.require_exp = false;
    assert!(JwtVerifier::new(lax)
        .expect("verifier")
        .verify(&no_exp, now())
        .is_ok());

    for bad in [json!("1800000600"), json!(-5), json!(true)] {
        let token = sign(
            Algorithm::ES256,
            "ec-256",
            Some("ec-256"),
            &with(json!({"exp": bad})),
        );
        assert_eq!(v.verify(&token, now()), Err(Denial::BadTimeClaim));
    }
    // Fractional NumericDate is valid.
    let frac = sign(
        Algorithm::ES256,
        "ec-256",
        Some("ec-256"),
        &with(json!({"exp": (NOW + 5) as f64 + 0.5})),
    );
    assert!(v.verify(&frac, now()).is_ok());
}

#[test]
fn issuer_must_match_exactly() {
    let v = jwks_verifier();
    for iss in [
        json!("https://evil.example"),
        json!("https://issuer.example/"),
        json!(["https://issuer.example"]),
        Value::Null,
    ] {
        let token = sign(
            Algorithm::ES256,
            "ec-256",
            Some("ec-256"),
            &with(json!({"iss": iss})),
        );
        assert_eq!(v.verify(&token, now()), Err(Denial::WrongIssuer), "{iss}");
    }
}

#[test]
fn audience_string_or_array() {
    let v = jwks_verifier();
    let ok = sign(
        Algorithm::ES256,
        "ec-256",
        Some("ec-256"),
        &with(json!({"aud": ["billing", "orders"]})),
    );
    assert_eq!(
        v.verify(&ok, now()).expect("valid").audiences,
        vec!["billing", "orders"]
    );
    for aud in [
        json!("billing"),
        json!(["billing", "shipping"]),
        json!([]),
        json!(42),
        Value::Null,
    ] {
        let token = sign(
            Algorithm::ES256,
            "ec-256",
            Some("ec-256"),
            &with(json!({"aud": aud})),
        );
        assert_eq!(v.verify(&token, now()), Err(Denial::WrongAudience), "{aud}");
    }
}

#[test]
fn several_issuers_and_audiences_can_be_accepted() {
    let mut settings =
        JwtSettings::new(KeySource::JwksFile(fixture("jwks.json")), ISSUER, AUDIENCE);
    settings.issuers.push("https://other.example".into());
    settings.audiences.push("billing".into());
    let v = JwtVerifier::new(settings).expect("verifier");
    let token = sign(
        Algorithm::ES256,
        "ec-256",
        Some("ec-256"),
        &with(json!({"iss": "https://other.example", "aud": "billing"})),
    );
    assert!(v.verify(&token, now()).is_ok());
}

#[test]
fn subject_is_required() {
    let v = jwks_verifier();
    for sub in [Value::Null, json!(""), json!(7)] {
        let token = sign(
            Algorithm::ES256,
            "ec-256",
            Some("ec-256"),
            &with(json!({"sub": sub})),
        );
        assert_eq!(v.verify(&token, now()), Err(Denial::MissingSubject));
    }
}

#[test]
fn scp_array_is_read_as_scopes() {
    let v = jwks_verifier();
    let token = sign(
        Algorithm::ES256,
        "ec-256",
        Some("ec-256"),
        &with(json!({"scope": null, "scp": ["a", "b"]})),
    );
    assert_eq!(
        v.verify(&token, now()).expect("valid").scopes,
        vec!["a", "b"]
    );
}

#[test]
fn malformed_tokens_are_refused_without_panicking() {
    let v = jwks_verifier();
    let good = sign(Algorithm::ES256, "ec-256", Some("ec-256"), &claims());
    let parts: Vec<&str> = good.split('.').collect();
    let cases = [
        String::new(),
        "abc".to_string(),
        format!("{}.{}", parts[0], parts[1]),
        format!("{good}.extra"),
        format!("{}!.{}.{}", parts[0], parts[1], parts[2]),
        format!("{}.{}.{}", b64(b"not json"), parts[1], parts[2]),
        format!("{}.{}.{}", b64(b"[1,2]"), parts[1], parts[2]),
        format!("{}.{}.{}=", parts[0], parts[1], parts[2]),
        format!("{}.{}.{}", parts[0], parts[1], "%%%"),
        raw_token(&json!({"typ": "JWT"}), &claims(), b"sig"),
        raw_token(&json!({"alg": 5}), &claims(), b"sig"),
        raw_token(&json!({"alg": "ES256", "kid": 12}), &claims(), b"sig"),
        raw_token(&json!({"alg": "ES256", "crit": ["exp"]}), &claims(), b"sig"),
        "....".to_string(),
        "é.é.é".to_string(),
    ];
    for token in &cases {
        assert_eq!(v.verify(token, now()), Err(Denial::Malformed), "{token}");
    }
    // A validly signed token whose payload is not a JSON object.
    let header = b64(json!({"alg": "HS256"}).to_string().as_bytes());
    let payload = b64(b"[]");
    let message = format!("{header}.{payload}");
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, SECRET);
    let sig = b64(ring::hmac::sign(&key, message.as_bytes()).as_ref());
    assert_eq!(
        secret_verifier().verify(&format!("{message}.{sig}"), now()),
        Err(Denial::Malformed)
    );
}

#[test]
fn unknown_algorithm_names_are_not_allowed() {
    let v = jwks_verifier();
    for alg in ["XS256", "ES512", "RSA-OAEP", ""] {
        let token = raw_token(&json!({"alg": alg}), &claims(), b"sig");
        assert_eq!(v.verify(&token, now()), Err(Denial::AlgNotAllowed), "{alg}");
    }
}

#[test]
fn huge_tokens_are_refused_before_decoding() {
    let v = jwks_verifier();
    let huge = format!("{}.{}.{}", "a".repeat(10_000), "b".repeat(10_000), "c");
    assert_eq!(v.verify(&huge, now()), Err(Denial::TooLarge));
    let big_claims = with(json!({"pad": "x".repeat(9000)}));
    let token = sign(Algorithm::ES256, "ec-256", Some("ec-256"), &big_claims);
    assert_eq!(v.verify(&token, now()), Err(Denial::TooLarge));
}

#[test]
fn issuer_and_audience_are_required_settings() {
    let err = JwtVerifier::new(JwtSettings::new(
        KeySource::JwksFile(fixture("jwks.json")),
        "",
        AUDIENCE,
    ))
    .err()
    .expect("refused");
    assert!(err.to_string().contains("jwt.issuer"));
    let err = JwtVerifier::new(JwtSettings::new(
        KeySource::JwksFile(fixture("jwks.json")),
        ISSUER,
        "",
    ))
    .err()
    .expect("refused");
    assert!(err.to_string().contains("jwt.audience"));
}

#[test]
fn identity_and_forwarded_headers_from_a_token() {
    let v = jwks_verifier();
    let token = sign(
        Algorithm::ES256,
        "ec-256",
        Some("ec-256"),
        &with(json!({"sub": "user\r\nx-palisade-subject: admin"})),
    );
    let verified = v.verify(&token, now()).expect("valid");
    let identity = verified.identity();
    assert_eq!(identity.method, palisade_authn::AuthMethod::Jwt);
    let headers = palisade_authn::forward_headers(&identity);
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("x-palisade-auth-method"), Some("jwt"));
    assert_eq!(
        get("x-palisade-subject"),
        Some("user%0D%0Ax-palisade-subject: admin")
    );
    assert_eq!(get("x-palisade-issuer"), Some(ISSUER));
    assert_eq!(get("x-palisade-scopes"), Some("orders:read orders:write"));
    assert_eq!(get("x-palisade-key-id"), Some("ec-256"));
    assert_eq!(get("x-palisade-token-id"), Some("token-1"));
    assert_eq!(get("x-palisade-spiffe-id"), None);
    for (name, value) in &headers {
        assert!(palisade_authn::FORWARDED_HEADERS.contains(name));
        assert!(
            http::HeaderValue::from_str(value).is_ok(),
            "{name}: {value}"
        );
    }
}

#[test]
fn two_keys_with_one_kid_during_rotation() {
    // An issuer that publishes an RSA and an EC key under the same kid: the alg picks.
    let doc: Value = serde_json::from_slice(&read_fixture("jwks.json")).expect("json");
    let mut rsa = doc["keys"][0].clone();
    let mut ec = doc["keys"][1].clone();
    rsa["kid"] = json!("shared");
    ec["kid"] = json!("shared");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("jwks.json");
    std::fs::write(&path, json!({"keys": [rsa, ec]}).to_string()).expect("write");
    let v = JwtVerifier::new(JwtSettings::new(
        KeySource::JwksFile(path),
        ISSUER,
        AUDIENCE,
    ))
    .expect("verifier");
    let es = sign(Algorithm::ES256, "ec-256", Some("shared"), &claims());
    let rs = sign(Algorithm::RS256, "rsa-1", Some("shared"), &claims());
    assert!(v.verify(&es, now()).is_ok());
    assert!(v.verify(&rs, now()).is_ok());
    let eddsa = sign(Algorithm::EdDSA, "ed25519", Some("shared"), &claims());
    assert_eq!(v.verify(&eddsa, now()), Err(Denial::AlgKeyMismatch));
}

#[test]
fn bearer_header_parsing() {
    use palisade_authn::bearer_token;
    assert_eq!(bearer_token("Bearer abc.def.ghi"), Some("abc.def.ghi"));
    assert_eq!(bearer_token("bearer   abc"), Some("abc"));
    assert_eq!(bearer_token("BEARER abc "), Some("abc"));
    for bad in [
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer a b",
        "Bearerabc",
    ] {
        assert_eq!(bearer_token(bad), None, "{bad}");
    }
}
