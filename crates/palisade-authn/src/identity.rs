//! The verified caller and how it is forwarded upstream.
//!
//! The contract: the gateway removes every header whose name starts with
//! [`FORWARDED_HEADER_PREFIX`] from the incoming request (so a client cannot claim an
//! identity by sending the header itself), authenticates, then adds the headers from
//! [`forward_headers`]. Upstreams trust these headers only because nothing but the gateway
//! can reach them.

/// Prefix of every identity header. Strip all incoming headers with this prefix, not only
/// the names in [`FORWARDED_HEADERS`], so headers added in later versions are covered too.
pub const FORWARDED_HEADER_PREFIX: &str = "x-palisade-";
/// The authenticated subject (`sub`, the API key's id, or the certificate's SPIFFE ID).
pub const HEADER_SUBJECT: &str = "x-palisade-subject";
/// The token issuer (JWT only).
pub const HEADER_ISSUER: &str = "x-palisade-issuer";
/// Granted scopes, space-separated.
pub const HEADER_SCOPES: &str = "x-palisade-scopes";
/// `jwt`, `api_key` or `mtls`.
pub const HEADER_AUTH_METHOD: &str = "x-palisade-auth-method";
/// The JWT `kid` that verified the token, or the API key's id.
pub const HEADER_KEY_ID: &str = "x-palisade-key-id";
/// The JWT `jti`, for correlating upstream logs with revocations.
pub const HEADER_TOKEN_ID: &str = "x-palisade-token-id";
/// The SPIFFE ID from a client certificate (mTLS only).
pub const HEADER_SPIFFE_ID: &str = "x-palisade-spiffe-id";

/// Every header name the gateway may set; all lower-case.
pub const FORWARDED_HEADERS: &[&str] = &[
    HEADER_SUBJECT,
    HEADER_ISSUER,
    HEADER_SCOPES,
    HEADER_AUTH_METHOD,
    HEADER_KEY_ID,
    HEADER_TOKEN_ID,
    HEADER_SPIFFE_ID,
];

/// Whether an incoming header must be stripped before the request goes upstream
/// (case-insensitive: HTTP header names are).
pub fn is_forwarded_header(name: &str) -> bool {
    name.len() >= FORWARDED_HEADER_PREFIX.len()
        && name.as_bytes()[..FORWARDED_HEADER_PREFIX.len()]
            .eq_ignore_ascii_case(FORWARDED_HEADER_PREFIX.as_bytes())
}

/// How the caller proved who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthMethod {
    /// A JWT bearer token.
    Jwt,
    /// An API key.
    ApiKey,
    /// A client certificate (mutual TLS).
    Mtls,
}

impl AuthMethod {
    /// The value of [`HEADER_AUTH_METHOD`].
    pub fn as_str(&self) -> &'static str {
        match self {
            AuthMethod::Jwt => "jwt",
            AuthMethod::ApiKey => "api_key",
            AuthMethod::Mtls => "mtls",
        }
    }
}

/// The caller as verified by one of the methods: what the gateway logs, rate-limits by and
/// forwards upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// How the caller authenticated.
    pub method: AuthMethod,
    /// Who: the JWT `sub`, the API key's configured id, or the SPIFFE ID / certificate subject.
    pub subject: String,
    /// The JWT issuer.
    pub issuer: Option<String>,
    /// Granted scopes (JWT `scope`/`scp`, or the API key's configured scopes).
    pub scopes: Vec<String>,
    /// The JWT `kid` or the API key's id.
    pub key_id: Option<String>,
    /// The JWT `jti`.
    pub token_id: Option<String>,
    /// The SPIFFE ID of a client certificate.
    pub spiffe_id: Option<String>,
}

impl Identity {
    /// The identity of a client certificate verified by the TLS layer: `subject` is what
    /// the gateway names the client by (the SPIFFE ID when there is one, else the
    /// certificate's subject), `spiffe_id` the URI SAN if it is a `spiffe://` ID.
    pub fn mtls(subject: impl Into<String>, spiffe_id: Option<String>) -> Identity {
        Identity {
            method: AuthMethod::Mtls,
            subject: subject.into(),
            issuer: None,
            scopes: Vec::new(),
            key_id: None,
            token_id: None,
            spiffe_id,
        }
    }

    /// Whether every scope in `required` was granted.
    pub fn has_scopes<S: AsRef<str>>(&self, required: &[S]) -> bool {
        required
            .iter()
            .all(|r| self.scopes.iter().any(|s| s == r.as_ref()))
    }
}

/// The headers to add upstream for `identity`, names from [`FORWARDED_HEADERS`].
///
/// Values are made header-safe: visible ASCII and spaces pass through; anything else
/// (control characters such as CR/LF, non-ASCII, `%`) is percent-encoded, so a claim can
/// neither split headers nor smuggle bytes that upstream parsers read differently.
pub fn forward_headers(identity: &Identity) -> Vec<(&'static str, String)> {
    let mut out = vec![
        (HEADER_AUTH_METHOD, identity.method.as_str().to_string()),
        (HEADER_SUBJECT, header_safe(&identity.subject)),
    ];
    if let Some(iss) = &identity.issuer {
        out.push((HEADER_ISSUER, header_safe(iss)));
    }
    if !identity.scopes.is_empty() {
        out.push((HEADER_SCOPES, header_safe(&identity.scopes.join(" "))));
    }
    if let Some(kid) = &identity.key_id {
        out.push((HEADER_KEY_ID, header_safe(kid)));
    }
    if let Some(jti) = &identity.token_id {
        out.push((HEADER_TOKEN_ID, header_safe(jti)));
    }
    if let Some(spiffe) = &identity.spiffe_id {
        out.push((HEADER_SPIFFE_ID, header_safe(spiffe)));
    }
    out
}

/// Percent-encodes every byte outside visible ASCII and space (and `%` itself), and
/// trims the surrounding spaces that HTTP would drop anyway.
fn header_safe(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.trim_matches(' ').as_bytes() {
        if (0x20..0x7f).contains(&b) && b != b'%' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_cannot_split_headers() {
        assert_eq!(header_safe("a\r\nx-evil: 1"), "a%0D%0Ax-evil: 1");
        assert_eq!(header_safe("ümlaut 100%"), "%C3%BCmlaut 100%25");
        assert_eq!(header_safe("  spaced  "), "spaced");
    }

    #[test]
    fn prefix_match_is_case_insensitive() {
        assert!(is_forwarded_header("X-Palisade-Subject"));
        assert!(is_forwarded_header("x-palisade-anything-new"));
        assert!(!is_forwarded_header("x-palisad"));
        assert!(!is_forwarded_header("authorization"));
        for h in FORWARDED_HEADERS {
            assert!(is_forwarded_header(h));
        }
    }
}
