//! API keys, revocations and route requirements.

mod common;

use common::*;
use jsonwebtoken::Algorithm;
use palisade_authn::{
    generate_api_key, hash_api_key, ApiKeyEntry, ApiKeys, AuthMethod, ClaimRequirement, ClaimRule,
    Denial, JwtSettings, JwtVerifier, KeySource, Revocation, RevocationKind, Revocations,
    RouteRequirements, Verified,
};
use serde_json::json;

fn verified(changes: serde_json::Value) -> Verified {
    let v = JwtVerifier::new(JwtSettings::new(
        KeySource::JwksFile(fixture("jwks.json")),
        ISSUER,
        AUDIENCE,
    ))
    .expect("verifier");
    let mut c = claims();
    for (k, val) in changes.as_object().expect("object") {
        c[k] = val.clone();
    }
    v.verify(&sign(Algorithm::ES256, "ec-256", Some("ec-256"), &c), now())
        .expect("valid")
}

#[test]
fn generated_keys_verify_against_their_hash_only() {
    let a = generate_api_key().expect("key");
    let b = generate_api_key().expect("key");
    assert_ne!(a.key, b.key);
    assert!(
        a.key.starts_with("psk_") && a.key.len() == 4 + 43,
        "{}",
        a.key
    );
    assert!(a.hash.starts_with("sha256:") && a.hash.len() == 7 + 64);
    assert_eq!(a.hash, hash_api_key(&a.key));
    assert!(
        !format!("{a:?}").contains(&a.key),
        "Debug must not print the key"
    );

    let keys = ApiKeys::new(vec![
        ApiKeyEntry {
            id: "billing-job".into(),
            hash: a.hash.clone(),
            scopes: vec!["orders:read".into()],
        },
        ApiKeyEntry {
            id: "ci".into(),
            hash: b.hash.clone(),
            scopes: vec![],
        },
    ])
    .expect("keys");
    assert_eq!(keys.len(), 2);
    let who = keys.verify(&a.key).expect("valid");
    assert_eq!(who.id, "billing-job");
    assert_eq!(who.scopes, vec!["orders:read"]);
    assert_eq!(keys.verify(&b.key).expect("valid").id, "ci");
    for wrong in [
        "",
        "psk_",
        &a.hash,
        &a.key[..a.key.len() - 1],
        &format!("{} ", a.key),
    ] {
        assert!(keys.verify(wrong).is_none(), "{wrong}");
    }
    let identity = who.identity();
    assert_eq!(identity.method, AuthMethod::ApiKey);
    assert_eq!(identity.subject, "billing-job");
}

#[test]
fn known_sha256_vector() {
    // sha256("abc"), so configurations made by other tools (sha256sum) agree.
    assert_eq!(
        hash_api_key("abc"),
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let keys = ApiKeys::new(vec![ApiKeyEntry {
        id: "upper".into(),
        hash: "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD".into(),
        scopes: vec![],
    }])
    .expect("upper-case hex accepted");
    assert!(keys.verify("abc").is_some());
}

#[test]
fn bad_key_configuration_is_reported_by_id() {
    for (entries, expect) in [
        (vec![("a", "md5:abcd")], "`a`"),
        (vec![("a", "sha256:1234")], "64 hex"),
        (
            vec![("a", &format!("sha256:{}", "g".repeat(64)) as &str)],
            "`a`",
        ),
        (vec![("", &hash_api_key("x") as &str)], "empty id"),
        (
            vec![
                ("dup", &hash_api_key("x") as &str),
                ("dup", &hash_api_key("y")),
            ],
            "twice",
        ),
    ] {
        let entries = entries
            .into_iter()
            .map(|(id, hash)| ApiKeyEntry {
                id: id.into(),
                hash: hash.into(),
                scopes: vec![],
            })
            .collect();
        let err = ApiKeys::new(entries).expect_err("refused").to_string();
        assert!(err.contains(expect), "{err}");
    }
}

#[test]
fn api_key_entries_parse_from_config_json() {
    let entry: ApiKeyEntry = serde_json::from_value(json!({
        "id": "svc", "hash": hash_api_key("k"), "scopes": ["a"]
    }))
    .expect("entry");
    assert_eq!(entry.scopes, vec!["a"]);
    assert!(serde_json::from_value::<ApiKeyEntry>(
        json!({"id": "svc", "hash": "x", "key": "plain"})
    )
    .is_err());
}

#[test]
fn revocation_by_jti_and_by_subject() {
    let list = Revocations::in_memory();
    let token = verified(json!({}));
    assert!(list.check(&token, now()).is_ok());

    assert!(list.add(Revocation::jti("token-1")).expect("add"));
    assert_eq!(list.check(&token, now()), Err(Denial::Revoked));
    let other = verified(json!({"jti": "token-2"}));
    assert!(list.check(&other, now()).is_ok());
    assert!(list.remove(RevocationKind::Jti, "token-1").expect("remove"));
    assert!(!list.remove(RevocationKind::Jti, "token-1").expect("remove"));
    assert!(list.check(&token, now()).is_ok());

    list.add(Revocation::subject("user-42").because("laptop stolen"))
        .expect("add");
    assert!(list.is_revoked(&token, now()));
    assert!(list.is_revoked(&other, now()));
    assert!(list.is_subject_revoked("user-42", now()));
    assert!(!list.is_subject_revoked("user-43", now()));
    // A jti equal to a revoked subject's name does not match: kinds are separate.
    let list2 = Revocations::in_memory();
    list2.add(Revocation::subject("token-1")).expect("add");
    assert!(!list2.is_revoked(&verified(json!({"sub": "someone"})), now()));
}

#[test]
fn revocations_lapse_at_their_expiry() {
    let list = Revocations::in_memory();
    let token = verified(json!({}));
    list.add(Revocation::jti("token-1").expiring_at(NOW + 100))
        .expect("add");
    assert!(list.is_revoked(&token, at(NOW + 99)));
    assert!(!list.is_revoked(&token, at(NOW + 100)));
    assert_eq!(list.list(at(NOW)).len(), 1);
    assert_eq!(list.list(at(NOW + 100)).len(), 0);
    assert_eq!(list.purge_expired(at(NOW + 100)).expect("purge"), 1);
    assert_eq!(list.purge_expired(at(NOW + 100)).expect("purge"), 0);
}

#[test]
fn revocations_survive_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("state/revocations.json");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    {
        let list = Revocations::open(&path).expect("open");
        assert!(list.list(now()).is_empty());
        list.add(Revocation::jti("token-1").because("leaked in a log"))
            .expect("add");
        list.add(Revocation::subject("mallory").expiring_at(NOW + 50))
            .expect("add");
        list.add(Revocation::subject("eve")).expect("add");
        list.remove(RevocationKind::Sub, "eve").expect("remove");
    }
    let reopened = Revocations::open(&path).expect("reopen");
    let entries = reopened.list(now());
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].kind, RevocationKind::Jti);
    assert_eq!(entries[0].value, "token-1");
    assert_eq!(entries[0].reason.as_deref(), Some("leaked in a log"));
    assert_eq!(entries[1].value, "mallory");
    assert_eq!(entries[1].expires_at, Some(NOW + 50));
    assert!(reopened.is_revoked(&verified(json!({})), now()));
    // No temporary files left beside it.
    let names: Vec<String> = std::fs::read_dir(path.parent().expect("parent"))
        .expect("readdir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["revocations.json"]);
}

#[test]
fn a_corrupt_revocation_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("revocations.json");
    std::fs::write(&path, "{\"version\": 1, \"revocations\": [").expect("write");
    let err = Revocations::open(&path).expect_err("refused").to_string();
    assert!(err.contains("revocations.json"), "{err}");
    std::fs::write(&path, "{\"version\": 9, \"revocations\": []}").expect("write");
    assert!(Revocations::open(&path)
        .expect_err("refused")
        .to_string()
        .contains("version 9"));
}

#[test]
fn a_failed_save_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gone/revocations.json");
    let list = Revocations::open(&path).expect("missing file is an empty list");
    let err = list
        .add(Revocation::jti("x"))
        .expect_err("cannot save")
        .to_string();
    assert!(err.contains("revocations.json"), "{err}");
    assert!(list.list(now()).is_empty());
}

#[test]
fn concurrent_changes_are_all_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("revocations.json");
    let list = std::sync::Arc::new(Revocations::open(&path).expect("open"));
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let list = list.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    list.add(Revocation::jti(format!("t{t}-{i}"))).expect("add");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    assert_eq!(list.list(now()).len(), 100);
    assert_eq!(
        Revocations::open(&path).expect("reopen").list(now()).len(),
        100
    );
}

#[test]
fn revocation_json_shape_for_the_admin_api() {
    let r: Revocation =
        serde_json::from_value(json!({"kind": "sub", "value": "u1"})).expect("parse");
    assert_eq!(r.kind, RevocationKind::Sub);
    assert_eq!(r.expires_at, None);
    assert!(serde_json::from_value::<Revocation>(json!({"kind": "email", "value": "x"})).is_err());
    let text = serde_json::to_value(Revocation::jti("j").expiring_at(5)).expect("json");
    assert_eq!(text["kind"], "jti");
    assert_eq!(text["expires_at"], 5);
}

#[test]
fn route_scopes_and_claims() {
    let token = verified(json!({
        "groups": ["staff", "admins"],
        "tenant": "acme",
        "realm_access": {"roles": ["orders-admin"]},
        "email_verified": true,
    }));
    assert!(RouteRequirements::default().check(&token).is_ok());
    let scopes = |s: &[&str]| RouteRequirements {
        scopes: s.iter().map(|x| x.to_string()).collect(),
        claims: vec![],
    };
    assert!(scopes(&["orders:read"]).check(&token).is_ok());
    assert!(scopes(&["orders:read", "orders:write"])
        .check(&token)
        .is_ok());
    assert_eq!(
        scopes(&["orders:delete"]).check(&token),
        Err(Denial::MissingScope)
    );
    // "orders" is not a prefix match of "orders:read".
    assert_eq!(scopes(&["orders"]).check(&token), Err(Denial::MissingScope));

    let claim = |claim: &str, rule: ClaimRule| RouteRequirements {
        scopes: vec![],
        claims: vec![ClaimRequirement {
            claim: claim.into(),
            rule,
        }],
    };
    let ok = [
        claim("tenant", ClaimRule::Equals(json!("acme"))),
        claim("groups", ClaimRule::Equals(json!("admins"))),
        claim(
            "tenant",
            ClaimRule::OneOf(vec![json!("acme"), json!("globex")]),
        ),
        claim(
            "groups",
            ClaimRule::OneOf(vec![json!("admins"), json!("root")]),
        ),
        claim(
            "realm_access.roles",
            ClaimRule::Equals(json!("orders-admin")),
        ),
        claim("email_verified", ClaimRule::Equals(json!(true))),
        claim("tenant", ClaimRule::Present),
    ];
    for r in &ok {
        assert!(r.check(&token).is_ok(), "{r:?}");
    }
    let denied = [
        claim("tenant", ClaimRule::Equals(json!("globex"))),
        claim("groups", ClaimRule::Equals(json!("root"))),
        claim("missing", ClaimRule::Present),
        claim("realm_access.other", ClaimRule::Present),
        claim("email_verified", ClaimRule::Equals(json!("true"))),
        claim("tenant", ClaimRule::OneOf(vec![])),
    ];
    for r in &denied {
        assert_eq!(r.check(&token), Err(Denial::ClaimMismatch), "{r:?}");
        assert_eq!(Denial::ClaimMismatch.http_status(), 403);
    }
}

#[test]
fn requirements_for_api_key_identities() {
    let key = generate_api_key().expect("key");
    let keys = ApiKeys::new(vec![ApiKeyEntry {
        id: "svc".into(),
        hash: key.hash,
        scopes: vec!["orders:read".into()],
    }])
    .expect("keys");
    let identity = keys.verify(&key.key).expect("valid").identity();
    let need = |s: &str| RouteRequirements {
        scopes: vec![s.into()],
        claims: vec![],
    };
    assert!(need("orders:read").check_identity(&identity).is_ok());
    assert_eq!(
        need("orders:write").check_identity(&identity),
        Err(Denial::MissingScope)
    );
    let with_claim = RouteRequirements {
        scopes: vec![],
        claims: vec![ClaimRequirement {
            claim: "tenant".into(),
            rule: ClaimRule::Present,
        }],
    };
    assert_eq!(
        with_claim.check_identity(&identity),
        Err(Denial::ClaimMismatch)
    );
}

#[test]
fn denial_reasons_are_short_and_stable() {
    let all = [
        (Denial::Expired, "expired", 401),
        (Denial::BadSignature, "bad_signature", 401),
        (Denial::UnknownKid, "unknown_kid", 401),
        (Denial::AlgNotAllowed, "alg_not_allowed", 401),
        (Denial::AlgNone, "alg_none", 401),
        (Denial::WrongAudience, "wrong_audience", 401),
        (Denial::Revoked, "revoked", 401),
        (Denial::MissingScope, "missing_scope", 403),
        (Denial::BadApiKey, "bad_api_key", 401),
    ];
    for (denial, reason, status) in all {
        assert_eq!(denial.reason(), reason);
        assert_eq!(denial.to_string(), reason);
        assert_eq!(denial.http_status(), status);
    }
}
