//! Normalisation before detection, in the spirit of the Core Rule Set's transformations:
//! what the detectors see is what a browser or a database would make of the value, not
//! the spelling an attacker chose to slip past a filter.

use std::borrow::Cow;

use crate::config::Paranoia;

/// Cheap pre-filter at paranoia 1: a value made only of letters, digits, spaces and
/// `_ . @` cannot hold any of the forms the level-1 rules look for, except a bare
/// `union select` or a numeric-context injection (both kept). Higher levels look at all.
pub(crate) fn worth_inspecting(value: &str, paranoia: Paranoia) -> bool {
    if paranoia.level() >= 2 {
        return !value.is_empty();
    }
    let bytes = value.as_bytes();
    if bytes
        .iter()
        .any(|&b| !(b.is_ascii_alphanumeric() || b == b' ' || b == b'_' || b == b'.' || b == b'@'))
    {
        return true;
    }
    // Numeric-context injections need no special character: `1 or true`, `1 order by 3`.
    if bytes.first().is_some_and(u8::is_ascii_digit) && bytes.contains(&b' ') {
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
/// NUL, zero-width characters and soft hyphens removed, ASCII lower-cased.
pub(crate) fn for_xss(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        let (decoded, used) = match c {
            '&' => html_reference(rest).unwrap_or((c, 1)),
            '\\' => js_escape(rest).unwrap_or((c, 1)),
            _ => (c, c.len_utf8()),
        };
        rest = &rest[used..];
        match decoded {
            '\0' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

/// Decodes one HTML character reference at the start of `s` (`&lt;`, `&#60;`, `&#x3c`,
/// with or without the `;` that browsers forgive); returns the character and the bytes used.
fn html_reference(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let start = if hex { 3 } else { 2 };
        let mut end = start;
        while end < b.len()
            && end - start < 10
            && (if hex {
                b[end].is_ascii_hexdigit()
            } else {
                b[end].is_ascii_digit()
            })
        {
            end += 1;
        }
        if end == start {
            return None;
        }
        let code = u32::from_str_radix(&s[start..end], if hex { 16 } else { 10 }).ok()?;
        let c = char::from_u32(code).unwrap_or('\u{fffd}');
        let used = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((c, used));
    }
    const NAMED: &[(&str, char)] = &[
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("amp", '&'),
        ("colon", ':'),
        ("tab", '\t'),
        ("newline", '\n'),
        ("lpar", '('),
        ("rpar", ')'),
        ("sol", '/'),
        ("bsol", '\\'),
        ("equals", '='),
        ("period", '.'),
        ("comma", ','),
        ("semi", ';'),
        ("grave", '`'),
        ("nbsp", ' '),
        ("lcub", '{'),
        ("rcub", '}'),
        ("excl", '!'),
        ("plus", '+'),
        ("num", '#'),
        ("percnt", '%'),
        ("ast", '*'),
    ];
    let name_end = b[1..]
        .iter()
        .take(8)
        .position(|c| !c.is_ascii_alphabetic())
        .map_or(b.len().min(9), |p| p + 1);
    let name = &s[1..name_end];
    let (_, c) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?;
    let used = if b.get(name_end) == Some(&b';') {
        name_end + 1
    } else {
        name_end
    };
    Some((*c, used))
}

/// Decodes one JavaScript escape at the start of `s` (`\x3c`, `\u003c`, `\u{3c}`).
fn js_escape(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let hex = |from: usize, to: usize| -> Option<char> {
        let digits = s.get(from..to)?;
        if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        char::from_u32(u32::from_str_radix(digits, 16).ok()?)
    };
    match b.get(1)? {
        b'x' => Some((hex(2, 4)?, 4)),
        b'u' if b.get(2) == Some(&b'{') => {
            let close = s[3..].find('}')? + 3;
            if close - 3 > 6 {
                return None;
            }
            Some((hex(3, close)?, close + 1))
        }
        b'u' => Some((hex(2, 6)?, 6)),
        _ => None,
    }
}
