//! Small helpers shared by detectors: entropy, lenient base64, the CRC32/base62 checksum of
//! GitHub and npm tokens, hashing.

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Shannon entropy of `bytes` in bits per byte (0 for an empty slice).
pub fn shannon_entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for b in bytes {
        counts[*b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = f64::from(*c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Decodes standard or URL-safe base64, with or without padding, ignoring ASCII
/// whitespace and literal `\n` escapes (as in JSON-embedded PEM). `None` when it is not
/// base64.
pub fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut clean: Vec<u8> = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b == b'\\' && text.get(i + 1) == Some(&b'n') {
            i += 2;
            continue;
        }
        if !b.is_ascii_whitespace() {
            clean.push(b);
        }
        i += 1;
    }
    while clean.last() == Some(&b'=') {
        clean.pop();
    }
    if clean.is_empty() {
        return None;
    }
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    STANDARD_NO_PAD
        .decode(&clean)
        .or_else(|_| URL_SAFE_NO_PAD.decode(&clean))
        .ok()
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Decodes a base62 number (alphabet `0-9A-Za-z`).
pub fn base62_decode(text: &[u8]) -> Option<u64> {
    text.iter().try_fold(0u64, |acc, b| {
        let d = BASE62.iter().position(|c| c == b)? as u64;
        acc.checked_mul(62)?.checked_add(d)
    })
}

/// Encodes `n` in base62, left-padded with `0` to `width`.
pub fn base62_encode(mut n: u64, width: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        out.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The checksum of GitHub's and npm's token format: the last 6 characters are the CRC32
/// of the random part before them, in base62. `body` is the token after its prefix
/// (`ghp_`, `npm_`).
pub fn crc32_base62_ok(body: &[u8]) -> bool {
    if body.len() <= 6 {
        return false;
    }
    let (random, check) = body.split_at(body.len() - 6);
    base62_decode(check) == Some(u64::from(crc32fast::hash(random)))
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    // By table, not `format!` per byte (a tenth of the work of a finding).
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// True when `hay` contains `needle`, ASCII case-insensitively.
pub fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_of_uniform_and_constant_strings() {
        assert_eq!(shannon_entropy(b"aaaa"), 0.0);
        assert!((shannon_entropy(b"abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn base62_round_trips_and_crc_checks() {
        assert_eq!(
            base62_decode(base62_encode(123_456_789, 6).as_bytes()),
            Some(123_456_789)
        );
        let random = b"abcdefghijklmnopqrstuvwxyz0123";
        let token = format!(
            "{}{}",
            std::str::from_utf8(random).unwrap(),
            base62_encode(u64::from(crc32fast::hash(random)), 6)
        );
        assert!(crc32_base62_ok(token.as_bytes()));
        let mut bad = token.into_bytes();
        bad[0] = b'b';
        assert!(!crc32_base62_ok(&bad));
    }

    #[test]
    fn base64_is_lenient_about_padding_and_newlines() {
        assert_eq!(base64_decode(b"dXNlcjpwYXNz").unwrap(), b"user:pass");
        assert_eq!(base64_decode(b"dXNl\ncjpw\\nYXNz==").unwrap(), b"user:pass");
        assert!(base64_decode(b"not base64!").is_none());
    }
}
