//! API keys, stored as SHA-256 hashes in the configuration.
//!
//! Why SHA-256 and not argon2/bcrypt: slow password hashes exist because passwords are
//! guessable, so an attacker with the hashes can try likely candidates. Keys made by
//! [`generate_api_key`] carry 256 random bits; no dictionary exists, and 2^256 guesses are
//! out of reach at any hash speed. A fast hash is therefore as safe as a slow one here, and
//! it keeps verification cheap on every request (a slow hash per request would itself be a
//! denial-of-service lever). Keys chosen by people are a different matter: do not configure
//! those.
//!
//! Comparison is constant-time (`subtle`) against every configured hash, so the time taken
//! reveals neither which entry matched nor how many bytes did.

use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::identity::{AuthMethod, Identity};
use crate::AuthnError;

/// Prefix of generated keys: tells secret scanners and people what the string is.
const KEY_PREFIX: &str = "psk_";
const HASH_PREFIX: &str = "sha256:";

/// One configured key, as written in the gateway configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyEntry {
    /// A name for the key's holder; becomes the identity's subject (never the key).
    pub id: String,
    /// `sha256:<64 hex digits>` of the key, as printed by [`generate_api_key`].
    pub hash: String,
    /// Scopes the key grants, checked against route requirements.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// Who a valid API key belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyIdentity {
    /// The entry's `id`.
    pub id: String,
    /// The entry's scopes.
    pub scopes: Vec<String>,
}

impl KeyIdentity {
    /// The identity to forward: subject and key id are the entry's `id`.
    pub fn identity(&self) -> Identity {
        Identity {
            method: AuthMethod::ApiKey,
            subject: self.id.clone(),
            issuer: None,
            scopes: self.scopes.clone(),
            key_id: Some(self.id.clone()),
            token_id: None,
            spiffe_id: None,
        }
    }
}

/// The configured keys.
#[derive(Debug, Clone, Default)]
pub struct ApiKeys {
    entries: Vec<(KeyIdentity, [u8; 32])>,
}

impl ApiKeys {
    /// Validates the entries: each hash must be `sha256:` and 64 hex digits, ids unique and
    /// non-empty. The error names the entry's id (never a key).
    pub fn new(entries: Vec<ApiKeyEntry>) -> Result<ApiKeys, AuthnError> {
        let mut parsed: Vec<(KeyIdentity, [u8; 32])> = Vec::with_capacity(entries.len());
        for entry in entries {
            if entry.id.is_empty() {
                return Err(AuthnError::Setting {
                    setting: "api_keys.id",
                    reason: "an API key entry has an empty id".into(),
                });
            }
            if parsed.iter().any(|(k, _)| k.id == entry.id) {
                return Err(AuthnError::Setting {
                    setting: "api_keys.id",
                    reason: format!("the id `{}` is used twice", entry.id),
                });
            }
            let digest = parse_hash(&entry.hash).ok_or_else(|| AuthnError::Setting {
                setting: "api_keys.hash",
                reason: format!(
                    "the key `{}` has hash `{}`; expected `sha256:` and 64 hex digits (from `palisade gateway keygen`)",
                    entry.id, entry.hash
                ),
            })?;
            parsed.push((
                KeyIdentity {
                    id: entry.id,
                    scopes: entry.scopes,
                },
                digest,
            ));
        }
        Ok(ApiKeys { entries: parsed })
    }

    /// Number of configured keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no key is configured.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The holder of `presented`, if it is a configured key. Every entry is compared, in
    /// constant time, whatever matches.
    pub fn verify(&self, presented: &str) -> Option<KeyIdentity> {
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        let mut found = None;
        for (identity, stored) in &self.entries {
            if bool::from(stored.ct_eq(&digest)) {
                found = Some(identity);
            }
        }
        found.cloned()
    }
}

fn parse_hash(text: &str) -> Option<[u8; 32]> {
    let hex = text.strip_prefix(HASH_PREFIX)?;
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in hex.as_bytes().chunks(2).enumerate() {
        let pair = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(out)
}

/// The configuration form of a key's hash: `sha256:<hex>`.
pub fn hash_api_key(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let mut out = String::with_capacity(HASH_PREFIX.len() + 64);
    out.push_str(HASH_PREFIX);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A new key and the hash to put in the configuration.
#[derive(Clone, PartialEq, Eq)]
pub struct GeneratedKey {
    /// The key to hand to the client once; it is not stored anywhere.
    pub key: String,
    /// `sha256:<hex>` for the configuration.
    pub hash: String,
}

impl std::fmt::Debug for GeneratedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeneratedKey")
            .field("key", &"<redacted>")
            .field("hash", &self.hash)
            .finish()
    }
}

/// Makes a key from 32 bytes of the operating system's CSPRNG: `psk_` and 43 base64url
/// characters, and its hash.
pub fn generate_api_key() -> Result<GeneratedKey, AuthnError> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 32];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| AuthnError::Random)?;
    let key = format!("{KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_api_key(&key);
    Ok(GeneratedKey { key, hash })
}
