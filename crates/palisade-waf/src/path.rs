//! Request path normalisation.
//!
//! A gateway that decides on one spelling of a path and forwards another is bypassed by
//! whoever finds the difference (`/admin` denied, `/%61dmin` or `/public/../admin` let
//! through). [`normalize_path`] therefore decodes once, refuses every form whose meaning
//! depends on how often or by whom it is decoded, and returns one canonical spelling that
//! both the gateway's decisions and the upstream request use.
//!
//! Decisions:
//! - **Every `..` segment is rejected**, also one that stays below the root
//!   (`/a/../b`). Legitimate clients never send them (browsers and HTTP libraries resolve
//!   dot segments before sending), so a `..` on the wire is a probe, and resolving it would
//!   only make the gateway and the upstream disagree more subtly.
//! - `.` segments and empty segments (`//`) are removed; a trailing `/` is kept, because
//!   `/dir/` and `/dir` are different resources to many upstreams.
//! - The output is percent-*encoded* canonically: unreserved characters and the RFC 3986
//!   sub-delimiters, `:` and `@` appear literally, everything else as `%XX` with upper-case
//!   hex. That spelling is valid in an `http::Uri`, can be forwarded as is, and makes the
//!   function idempotent (`normalize_path(normalize_path(p)) == normalize_path(p)`).
//! - The query (after the first `?`) is kept apart: it is appended unchanged, because its
//!   decoding belongs to the application (`inspect_query` looks at it).

use std::fmt;

/// Longest path accepted, in bytes of the raw request target (query excluded).
pub const MAX_PATH_BYTES: usize = 8 * 1024;

/// Why a request path was refused. Each variant is one reason an attacker would use to make
/// the gateway and the upstream read a path differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathViolation {
    /// The path is empty or does not start with `/` (origin-form is required).
    NotAbsolute,
    /// The path is longer than [`MAX_PATH_BYTES`].
    TooLong,
    /// A `%` not followed by two hex digits (includes IIS-style `%u002f`).
    InvalidEscape,
    /// `%25` followed by what would again be an escape (`%252e` → `%2e`): a second decoding
    /// by the upstream would see a different path than the gateway.
    DoubleEncoding,
    /// An encoded `/` (`%2f`) or `\` (`%5c`): a path separator the gateway does not see.
    EncodedSeparator,
    /// An overlong UTF-8 form (`%c0%af` for `/`, `%e0%80%ae` for `.`), the classic decoder
    /// confusion.
    OverlongUtf8,
    /// The decoded bytes are not valid UTF-8.
    InvalidUtf8,
    /// NUL or another control character, raw or encoded (truncation tricks).
    ControlCharacter,
    /// A backslash, which Windows upstreams and some frameworks treat as a separator.
    Backslash,
    /// A `..` segment (also `..;param`, which Tomcat reads as `..`).
    Traversal,
    /// A `.` or `..` segment spelled with escapes (`%2e%2e`): traversal hidden from naive
    /// filters.
    EncodedTraversal,
    /// A raw `#`: fragments are never sent on the wire.
    Fragment,
}

impl PathViolation {
    /// A stable rule id for audit logs and metrics.
    pub fn rule(self) -> &'static str {
        match self {
            PathViolation::NotAbsolute => "WAF-PATH-NOT-ABSOLUTE",
            PathViolation::TooLong => "WAF-PATH-TOO-LONG",
            PathViolation::InvalidEscape => "WAF-PATH-INVALID-ESCAPE",
            PathViolation::DoubleEncoding => "WAF-PATH-DOUBLE-ENCODING",
            PathViolation::EncodedSeparator => "WAF-PATH-ENCODED-SEPARATOR",
            PathViolation::OverlongUtf8 => "WAF-PATH-OVERLONG-UTF8",
            PathViolation::InvalidUtf8 => "WAF-PATH-INVALID-UTF8",
            PathViolation::ControlCharacter => "WAF-PATH-CONTROL-CHAR",
            PathViolation::Backslash => "WAF-PATH-BACKSLASH",
            PathViolation::Traversal => "WAF-PATH-TRAVERSAL",
            PathViolation::EncodedTraversal => "WAF-PATH-ENCODED-TRAVERSAL",
            PathViolation::Fragment => "WAF-PATH-FRAGMENT",
        }
    }
}

impl fmt::Display for PathViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            PathViolation::NotAbsolute => "path does not start with `/`",
            PathViolation::TooLong => "path is too long",
            PathViolation::InvalidEscape => "invalid percent-escape in path",
            PathViolation::DoubleEncoding => "double percent-encoding in path",
            PathViolation::EncodedSeparator => "encoded path separator (%2F or %5C)",
            PathViolation::OverlongUtf8 => "overlong UTF-8 encoding in path",
            PathViolation::InvalidUtf8 => "path is not valid UTF-8 once decoded",
            PathViolation::ControlCharacter => "control character in path",
            PathViolation::Backslash => "backslash in path",
            PathViolation::Traversal => "`..` segment in path",
            PathViolation::EncodedTraversal => "percent-encoded dot segment in path",
            PathViolation::Fragment => "fragment (`#`) in request path",
        };
        f.write_str(text)
    }
}

impl std::error::Error for PathViolation {}

/// Splits a request target into path and query (without the `?`).
pub fn split_path_query(target: &str) -> (&str, Option<&str>) {
    match target.find('?') {
        Some(i) => (&target[..i], Some(&target[i + 1..])),
        None => (target, None),
    }
}

/// Normalises a request path (origin-form, optionally followed by `?query`) into the one
/// canonical spelling described in the [module documentation](self), or says why it is
/// refused.
///
/// ```
/// use palisade_waf::{normalize_path, PathViolation};
/// assert_eq!(normalize_path("/api//v1/./orders/%41?x=1").unwrap(), "/api/v1/orders/A?x=1");
/// assert_eq!(normalize_path("/static/%2e%2e/etc/passwd"), Err(PathViolation::EncodedTraversal));
/// assert_eq!(normalize_path("/a/%252e%252e/b"), Err(PathViolation::DoubleEncoding));
/// ```
pub fn normalize_path(raw: &str) -> Result<String, PathViolation> {
    let (path, query) = split_path_query(raw);
    if path.len() > MAX_PATH_BYTES {
        return Err(PathViolation::TooLong);
    }
    if !path.starts_with('/') {
        return Err(PathViolation::NotAbsolute);
    }
    let mut out = String::with_capacity(path.len() + query.map_or(0, |q| q.len() + 1));
    let mut decoded = Vec::with_capacity(64);
    let mut any_segment = false;
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    for (index, segment) in segments.iter().enumerate() {
        let had_escape = decode_segment(segment, &mut decoded)?;
        let text = std::str::from_utf8(&decoded).map_err(|_| PathViolation::InvalidUtf8)?;
        if text == ".." || text.starts_with("..;") {
            return Err(if had_escape {
                PathViolation::EncodedTraversal
            } else {
                PathViolation::Traversal
            });
        }
        if text == "." || text.starts_with(".;") {
            if had_escape {
                return Err(PathViolation::EncodedTraversal);
            }
            if index == last {
                // `/dir/.` names the directory: keep the trailing slash.
                out.push('/');
            }
            continue;
        }
        if text.is_empty() {
            if index == last && !out.ends_with('/') {
                out.push('/');
            }
            continue;
        }
        out.push('/');
        encode_segment(text, &mut out);
        any_segment = true;
    }
    if !any_segment && out.is_empty() {
        out.push('/');
    }
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    Ok(out)
}

/// Whether [`normalize_path`] accepts `raw`, and if not why, without building the
/// canonical spelling: what a gateway that forwards the original target needs on every
/// request. A plain ASCII path without escapes (nearly every request) is checked in one
/// pass with no allocation; anything else goes through [`normalize_path`] itself, so the
/// two never disagree.
pub fn check_path(raw: &str) -> Result<(), PathViolation> {
    let (path, _) = split_path_query(raw);
    if path.len() > MAX_PATH_BYTES {
        return Err(PathViolation::TooLong);
    }
    if !path.starts_with('/') {
        return Err(PathViolation::NotAbsolute);
    }
    if !path.is_ascii() || path.contains('%') {
        return normalize_path(raw).map(|_| ());
    }
    // Without escapes a segment decodes to itself: only the byte checks and the `..`
    // rule of `normalize_path` can refuse it, in this order, segment by segment.
    for segment in path[1..].split('/') {
        for &b in segment.as_bytes() {
            if b == b'#' {
                return Err(PathViolation::Fragment);
            }
            check_byte(b)?;
        }
        if segment == ".." || segment.starts_with("..;") {
            return Err(PathViolation::Traversal);
        }
    }
    Ok(())
}

/// Decodes one segment into `buf`; returns whether any escape was present.
fn decode_segment(segment: &str, buf: &mut Vec<u8>) -> Result<bool, PathViolation> {
    buf.clear();
    let bytes = segment.as_bytes();
    let mut had_escape = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'%' => {
                let value = hex_pair(bytes, i + 1).ok_or(PathViolation::InvalidEscape)?;
                had_escape = true;
                match value {
                    b'/' => return Err(PathViolation::EncodedSeparator),
                    b'\\' => return Err(PathViolation::EncodedSeparator),
                    _ => check_byte(value)?,
                }
                buf.push(value);
                i += 3;
            }
            b'#' => return Err(PathViolation::Fragment),
            _ => {
                check_byte(b)?;
                buf.push(b);
                i += 1;
            }
        }
    }
    check_decoded(buf)?;
    Ok(had_escape)
}

/// Checks the once-decoded bytes for forms that only a second decoder, or a lax UTF-8
/// decoder, would read differently.
fn check_decoded(decoded: &[u8]) -> Result<(), PathViolation> {
    for (j, &b) in decoded.iter().enumerate() {
        match b {
            // A raw `%` is refused before decoding, so every `%` here was `%25`. Followed by
            // an escape (`%41`, `%u0041`), a second decoding would change the path.
            b'%' => {
                let rest = &decoded[j + 1..];
                let pair = rest.len() >= 2 && rest[..2].iter().all(u8::is_ascii_hexdigit);
                let unicode = rest.len() >= 5
                    && matches!(rest[0], b'u' | b'U')
                    && rest[1..5].iter().all(u8::is_ascii_hexdigit);
                if pair || unicode {
                    return Err(PathViolation::DoubleEncoding);
                }
            }
            0xc0 | 0xc1 => return Err(PathViolation::OverlongUtf8),
            // E0 needs a continuation byte ≥ A0 and F0 one ≥ 90; below that the form is an
            // overlong spelling of a shorter character.
            0xe0 if matches!(decoded.get(j + 1), Some(0x80..=0x9f)) => {
                return Err(PathViolation::OverlongUtf8)
            }
            0xf0 if matches!(decoded.get(j + 1), Some(0x80..=0x8f)) => {
                return Err(PathViolation::OverlongUtf8)
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_byte(b: u8) -> Result<(), PathViolation> {
    match b {
        0..=0x1f | 0x7f => Err(PathViolation::ControlCharacter),
        b'\\' => Err(PathViolation::Backslash),
        _ => Ok(()),
    }
}

fn hex_pair(bytes: &[u8], at: usize) -> Option<u8> {
    let hi = hex_digit(*bytes.get(at)?)?;
    let lo = hex_digit(*bytes.get(at + 1)?)?;
    Some(hi << 4 | lo)
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Appends `text` percent-encoded as a canonical path segment.
pub(crate) fn encode_segment(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        let literal = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        if literal {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// Percent-decodes a canonical path segment (as produced by [`normalize_path`]) for
/// comparison with a template or parameter value. Invalid escapes are kept literally.
pub fn decode_segment_lossy(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}
