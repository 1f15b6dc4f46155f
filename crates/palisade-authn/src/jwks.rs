//! A parsed JSON Web Key Set: the public keys tokens may be signed with.

use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;

/// The largest JWKS document accepted (a real one is a few KiB).
pub(crate) const MAX_JWKS_BYTES: usize = 1024 * 1024;

/// The type of a public key; decides which algorithms it can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// RSA: RS256/384/512, PS256/384/512.
    Rsa,
    /// EC on P-256: ES256.
    EcP256,
    /// EC on P-384: ES384.
    EcP384,
    /// OKP Ed25519: EdDSA.
    Ed25519,
}

impl KeyKind {
    /// Whether `alg` is a signature algorithm for this key type. HMAC never is: a public
    /// key used as an HMAC secret is the classic algorithm-confusion attack.
    pub fn fits(&self, alg: Algorithm) -> bool {
        use Algorithm::*;
        matches!(
            (self, alg),
            (KeyKind::Rsa, RS256 | RS384 | RS512 | PS256 | PS384 | PS512)
                | (KeyKind::EcP256, ES256)
                | (KeyKind::EcP384, ES384)
                | (KeyKind::Ed25519, EdDSA)
        )
    }
}

/// One usable verification key from a JWKS.
#[derive(Clone)]
pub(crate) struct PublicKey {
    pub(crate) kid: Option<String>,
    pub(crate) kind: KeyKind,
    /// The JWK's own `alg`, when it pins one.
    pub(crate) alg: Option<Algorithm>,
    pub(crate) decoding: DecodingKey,
}

/// The usable signing keys of a JWKS document.
///
/// Keys that cannot verify JWS signatures here are skipped and counted, not fatal:
/// `use: enc` keys, symmetric (`oct`) keys (a secret has no business in a published key
/// set, and accepting one would reopen algorithm confusion), unsupported curves (P-521,
/// X25519) and unknown `alg` values. A document with no usable key at all is an error, so a
/// broken refresh never replaces a working key set.
#[derive(Clone, Default)]
pub struct KeySet {
    pub(crate) keys: Vec<PublicKey>,
    skipped: usize,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet")
            .field("kids", &self.key_ids())
            .field("skipped", &self.skipped)
            .finish()
    }
}

impl KeySet {
    /// Parses a JWKS document (`{"keys": [...]}`).
    pub fn from_jwks_json(bytes: &[u8]) -> Result<KeySet, String> {
        if bytes.len() > MAX_JWKS_BYTES {
            return Err(format!(
                "JWKS is {} bytes, more than the {MAX_JWKS_BYTES} accepted",
                bytes.len()
            ));
        }
        let doc: Value =
            serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
        let Some(entries) = doc.get("keys").and_then(Value::as_array) else {
            return Err("expected an object with a \"keys\" array".to_string());
        };
        let mut set = KeySet::default();
        for entry in entries {
            match parse_jwk(entry) {
                Some(key) => set.keys.push(key),
                None => set.skipped += 1,
            }
        }
        if set.keys.is_empty() {
            return Err(format!(
                "no usable signing key ({} entries, none RSA, EC P-256/P-384 or Ed25519 for signatures)",
                entries.len()
            ));
        }
        Ok(set)
    }

    /// Number of usable keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no usable keys (only before the first successful load).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Entries of the document that were skipped as unusable.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The `kid`s of the usable keys (keys without one are omitted).
    pub fn key_ids(&self) -> Vec<String> {
        self.keys.iter().filter_map(|k| k.kid.clone()).collect()
    }
}

fn parse_jwk(entry: &Value) -> Option<PublicKey> {
    let str_field = |name: &str| entry.get(name).and_then(Value::as_str);
    if let Some(usage) = entry.get("use") {
        if usage.as_str() != Some("sig") {
            return None;
        }
    }
    if let Some(ops) = entry.get("key_ops") {
        let ops = ops.as_array()?;
        if !ops.iter().any(|op| op.as_str() == Some("verify")) {
            return None;
        }
    }
    let alg = match entry.get("alg") {
        None => None,
        Some(v) => Some(v.as_str()?.parse::<Algorithm>().ok()?),
    };
    let kid = match entry.get("kid") {
        None => None,
        Some(v) => Some(v.as_str()?.to_string()),
    };
    let (kind, decoding) = match str_field("kty")? {
        "RSA" => {
            let n = str_field("n")?;
            let e = str_field("e")?;
            (KeyKind::Rsa, DecodingKey::from_rsa_components(n, e).ok()?)
        }
        "EC" => {
            let kind = match str_field("crv")? {
                "P-256" => KeyKind::EcP256,
                "P-384" => KeyKind::EcP384,
                _ => return None,
            };
            let decoding =
                DecodingKey::from_ec_components(str_field("x")?, str_field("y")?).ok()?;
            (kind, decoding)
        }
        "OKP" => {
            if str_field("crv")? != "Ed25519" {
                return None;
            }
            (
                KeyKind::Ed25519,
                DecodingKey::from_ed_components(str_field("x")?).ok()?,
            )
        }
        _ => return None,
    };
    if let Some(alg) = alg {
        if !kind.fits(alg) {
            return None;
        }
    }
    Some(PublicKey {
        kid,
        kind,
        alg,
        decoding,
    })
}
