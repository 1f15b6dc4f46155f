//! Client-certificate identity: the SPIFFE ID (URI SAN `spiffe://…`) of a certificate that
//! rustls already verified against the configured CA, and allowlist matching.
//!
//! Upstreams learn identities only through the `x-palisade-*` headers the gateway sets
//! itself: incoming copies are always stripped, so a caller cannot claim an identity by
//! sending the header.

use x509_parser::extensions::GeneralName;
use x509_parser::prelude::{FromDer, X509Certificate};

/// Prefix of every identity header the gateway forwards (and strips from requests).
pub const HEADER_PREFIX: &str = "x-palisade-";

/// The first `spiffe://` URI SAN of a DER certificate.
pub fn spiffe_id(der: &[u8]) -> Option<String> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let san = cert.subject_alternative_name().ok()??;
    san.value.general_names.iter().find_map(|n| match n {
        GeneralName::URI(u) if u.starts_with("spiffe://") => Some((*u).to_string()),
        _ => None,
    })
}

/// True when `id` is in the allowlist: exact entries, or `prefix/*` patterns that match
/// whole path segments below the prefix.
pub fn spiffe_allowed(id: &str, allow: &[String]) -> bool {
    allow.iter().any(|a| match a.strip_suffix("/*") {
        Some(prefix) => id
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1),
        None => a == id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spiffe_patterns_match_whole_segments() {
        let allow = vec![
            "spiffe://shop/ns/web/sa/frontend".to_string(),
            "spiffe://shop/ns/batch/*".to_string(),
        ];
        assert!(spiffe_allowed("spiffe://shop/ns/web/sa/frontend", &allow));
        assert!(!spiffe_allowed("spiffe://shop/ns/web/sa/frontend2", &allow));
        assert!(spiffe_allowed("spiffe://shop/ns/batch/sa/job", &allow));
        assert!(!spiffe_allowed("spiffe://shop/ns/batchx/sa/job", &allow));
        assert!(!spiffe_allowed("spiffe://shop/ns/batch/", &allow));
    }
}
