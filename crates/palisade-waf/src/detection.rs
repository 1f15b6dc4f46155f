//! What a detection says: a rule id, a kind, where, and a short excerpt that is safe to log.
//!
//! The audit log must never carry a token or secret, and an attacker controls everything a
//! detection quotes. So the excerpt is bounded ([`MAX_EXCERPT_CHARS`]), control characters
//! are escaped (no log injection through `\n`), and long runs that look like credentials
//! (JWTs, base64 or hex blobs) are replaced by `[redacted]`. Locations (parameter names,
//! JSON paths) get the same treatment, because names are attacker input too.

use std::fmt;

use serde::Serialize;

/// Longest excerpt, in characters, before escaping.
pub const MAX_EXCERPT_CHARS: usize = 64;

/// Longest location name (parameter, field or JSON path), in characters.
pub const MAX_LOCATION_CHARS: usize = 96;

/// The family of attack a rule detects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AttackKind {
    /// SQL injection.
    Sqli,
    /// Cross-site scripting (HTML/JavaScript injection).
    Xss,
}

impl fmt::Display for AttackKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AttackKind::Sqli => "sqli",
            AttackKind::Xss => "xss",
        })
    }
}

/// Where in the request the offending value was found. Names are sanitised and bounded.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "in", content = "name", rename_all = "lowercase")]
pub enum Location {
    /// A query parameter, by name (the value of a parameter without `=` is its name).
    Query(String),
    /// A field of an `application/x-www-form-urlencoded` body.
    Form(String),
    /// A value or key of a JSON body, as a JSON path (`$.user.name`, `$.items[2]`).
    Json(String),
    /// A text part of a `multipart/form-data` body, by its field name.
    Multipart(String),
    /// A request header, by name.
    Header(String),
    /// A whole body that was inspected as text (`text/*`, unknown or unparsable types).
    Body,
}

impl Location {
    /// Builds a location whose name is sanitised and bounded for logging.
    pub fn query(name: &str) -> Self {
        Location::Query(sanitize(name, MAX_LOCATION_CHARS))
    }
    /// See [`Location::query`].
    pub fn form(name: &str) -> Self {
        Location::Form(sanitize(name, MAX_LOCATION_CHARS))
    }
    /// See [`Location::query`].
    pub fn json(path: &str) -> Self {
        Location::Json(sanitize(path, MAX_LOCATION_CHARS))
    }
    /// See [`Location::query`].
    pub fn multipart(name: &str) -> Self {
        Location::Multipart(sanitize(name, MAX_LOCATION_CHARS))
    }
    /// See [`Location::query`].
    pub fn header(name: &str) -> Self {
        Location::Header(sanitize(name, MAX_LOCATION_CHARS))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Query(n) => write!(f, "query:{n}"),
            Location::Form(n) => write!(f, "form:{n}"),
            Location::Json(p) => write!(f, "json:{p}"),
            Location::Multipart(n) => write!(f, "multipart:{n}"),
            Location::Header(n) => write!(f, "header:{n}"),
            Location::Body => f.write_str("body"),
        }
    }
}

/// One suspicious value: what matched, where, and a log-safe excerpt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// Stable rule id, e.g. `WAF-SQLI-UNION`; see [`crate::rules`] for the list.
    pub rule: &'static str,
    /// Attack family.
    pub kind: AttackKind,
    /// Where the value was.
    pub location: Location,
    /// At most [`MAX_EXCERPT_CHARS`] characters of the normalised value around the match,
    /// control characters escaped, credential-like runs redacted.
    pub excerpt: String,
}

impl fmt::Display for Detection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {:?}", self.rule, self.location, self.excerpt)
    }
}

/// Makes attacker-controlled text safe for a log line: at most `max` characters (an
/// ellipsis marks a cut), control and non-printing characters escaped as `\xNN`/`\u{..}`,
/// and runs of 24 or more token-like characters (letters and digits mixed) replaced by `[redacted]`.
pub fn sanitize(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max) + 8);
    let mut taken = 0;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if taken >= max {
            out.push('…');
            break;
        }
        let run = token_run_len(rest);
        if run >= 24 && looks_like_token(&rest[..run]) {
            out.push_str("[redacted]");
            taken += 10;
            rest = &rest[run..];
            continue;
        }
        if c.is_control()
            || matches!(
                c,
                '\u{200b}'..='\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
            )
        {
            if (c as u32) < 0x100 {
                out.push_str(&format!("\\x{:02x}", c as u32));
            } else {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
        } else {
            out.push(c);
        }
        taken += 1;
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A credential mixes letters and digits; `information_schema.columns` does not.
fn looks_like_token(run: &str) -> bool {
    run.bytes().any(|b| b.is_ascii_digit()) && run.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Length in bytes of the leading run of characters that tokens are made of.
fn token_run_len(text: &str) -> usize {
    text.bytes()
        .take_while(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_' | b'.')
        })
        .count()
}
