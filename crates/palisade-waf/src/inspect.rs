//! Where the inspector looks: query strings, bodies by content type, headers.
//!
//! Every value (and every name: attackers inject through parameter names and JSON keys too)
//! goes through [`Inspector::inspect_value`], which runs the enabled detectors on the value
//! and on its once-more-decoded form. Bodies are split by content type so that each
//! detection names the field it came from.

use http::HeaderMap;

use crate::config::WafConfig;
use crate::detection::{sanitize, AttackKind, Detection, Location, MAX_EXCERPT_CHARS};
use crate::normalize;
use crate::{sqli, xss};

/// Headers that carry credentials: never inspected, so their values can never reach a log.
const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "x-auth-token",
];

/// Headers worth inspecting by default: the ones applications commonly store or echo.
const INSPECTED_HEADERS: &[&str] = &[
    "user-agent",
    "referer",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-real-ip",
    "origin",
];

/// A configured request inspector. Cheap to share between threads (`&self` everywhere).
#[derive(Clone, Debug, Default)]
pub struct Inspector {
    config: WafConfig,
}

impl Inspector {
    /// An inspector with the given settings.
    pub fn new(config: WafConfig) -> Self {
        Inspector { config }
    }

    /// The settings in use.
    pub fn config(&self) -> &WafConfig {
        &self.config
    }

    /// Inspects a raw query string (without the `?`): every parameter name and value,
    /// percent-decoded as `application/x-www-form-urlencoded`.
    pub fn inspect_query(&self, query: &str) -> Vec<Detection> {
        let mut found = Vec::new();
        let mut budget = self.config.max_inspect_bytes;
        self.inspect_form_pairs(query.as_bytes(), &mut budget, Location::query, &mut found);
        found
    }

    /// Inspects a request body according to its `Content-Type`:
    /// `application/x-www-form-urlencoded` (each field), `application/json` and `+json`
    /// (every string value and key, down to [`WafConfig::max_json_depth`]),
    /// `multipart/form-data` (text parts; file parts with a non-text type are skipped),
    /// `text/*`, XML and a missing type (the body as text). Other types (images, octet
    /// streams) are not inspected. At most [`WafConfig::max_inspect_bytes`] of values are
    /// read.
    pub fn inspect_body(&self, content_type: Option<&str>, body: &[u8]) -> Vec<Detection> {
        let mut found = Vec::new();
        let mut budget = self.config.max_inspect_bytes;
        let media = content_type.map(MediaType::parse);
        match media.as_ref().map(|m| m.essence.as_str()) {
            Some("application/x-www-form-urlencoded") => {
                self.inspect_form_pairs(body, &mut budget, Location::form, &mut found);
            }
            Some(essence) if essence == "application/json" || essence.ends_with("+json") => {
                self.inspect_json(body, &mut budget, &mut found);
            }
            Some("multipart/form-data") => {
                if let Some(boundary) = media.as_ref().and_then(|m| m.param("boundary")) {
                    self.inspect_multipart(body, boundary, &mut budget, &mut found);
                }
            }
            Some(essence) if is_text(essence) => {
                self.inspect_text(body, &mut budget, &mut found);
            }
            None => self.inspect_text(body, &mut budget, &mut found),
            Some(_) => {}
        }
        found
    }

    /// Inspects one header value (any header the gateway chooses; credential headers
    /// such as `Authorization` and `Cookie` are refused and yield nothing).
    pub fn inspect_header(&self, name: &str, value: &[u8]) -> Vec<Detection> {
        let mut found = Vec::new();
        if CREDENTIAL_HEADERS
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
        {
            return found;
        }
        let text = String::from_utf8_lossy(clip(value, self.config.max_inspect_bytes));
        if let Some(d) = self.inspect_value(Location::header(name), &text) {
            found.push(d);
        }
        found
    }

    /// Inspects the headers applications commonly store or echo (`User-Agent`, `Referer`,
    /// `X-Forwarded-For`, `X-Forwarded-Host`, `X-Real-IP`, `Origin`). Never credentials.
    pub fn inspect_headers(&self, headers: &HeaderMap) -> Vec<Detection> {
        let mut found = Vec::new();
        for name in INSPECTED_HEADERS {
            for value in headers.get_all(*name) {
                found.extend(self.inspect_header(name, value.as_bytes()));
                if found.len() >= self.config.max_detections {
                    found.truncate(self.config.max_detections);
                    return found;
                }
            }
        }
        found
    }

    /// Runs the enabled detectors on one value; the first rule that matches wins.
    pub fn inspect_value(&self, location: Location, value: &str) -> Option<Detection> {
        let value = clip_str(value, self.config.max_inspect_bytes);
        if !normalize::worth_inspecting(value, self.config.paranoia) {
            return None;
        }
        let paranoia = self.config.paranoia;
        let decoded = normalize::url_decode_again(value);
        let variants: [Option<&str>; 2] = [Some(value), decoded.as_deref()];
        for text in variants.into_iter().flatten() {
            if self.config.sqli {
                if let Some(hit) = sqli::detect(text, paranoia) {
                    return Some(detection(
                        hit.rule,
                        AttackKind::Sqli,
                        location,
                        text,
                        hit.at,
                    ));
                }
            }
            if self.config.xss {
                let normal = normalize::for_xss(text);
                if let Some(hit) = xss::detect(&normal, paranoia) {
                    return Some(detection(
                        hit.rule,
                        AttackKind::Xss,
                        location,
                        &normal,
                        hit.at,
                    ));
                }
            }
        }
        None
    }

    fn push(&self, found: &mut Vec<Detection>, detection: Option<Detection>) -> bool {
        if let Some(d) = detection {
            found.push(d);
        }
        found.len() < self.config.max_detections
    }

    fn inspect_form_pairs(
        &self,
        input: &[u8],
        budget: &mut usize,
        make: fn(&str) -> Location,
        found: &mut Vec<Detection>,
    ) {
        for pair in input.split(|&b| b == b'&') {
            if pair.is_empty() {
                continue;
            }
            if *budget == 0 {
                return;
            }
            let pair = clip(pair, *budget);
            *budget -= pair.len();
            let (name, value) = match memchr::memchr(b'=', pair) {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &b""[..]),
            };
            let name = form_decode(name);
            let value = form_decode(value);
            if !self.push(found, self.inspect_value(make(&name), &name)) {
                return;
            }
            if !self.push(found, self.inspect_value(make(&name), &value)) {
                return;
            }
        }
    }

    fn inspect_json(&self, body: &[u8], budget: &mut usize, found: &mut Vec<Detection>) {
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(value) => {
                let mut path = String::from("$");
                self.walk_json(&value, &mut path, 0, budget, found);
            }
            // Not JSON after all: look at it as text rather than not at all.
            Err(_) => self.inspect_text(body, budget, found),
        }
    }

    fn walk_json(
        &self,
        value: &serde_json::Value,
        path: &mut String,
        depth: usize,
        budget: &mut usize,
        found: &mut Vec<Detection>,
    ) -> bool {
        use serde_json::Value;
        if depth > self.config.max_json_depth || *budget == 0 {
            return true;
        }
        match value {
            Value::String(s) => {
                *budget = budget.saturating_sub(s.len());
                self.push(found, self.inspect_value(Location::json(path), s))
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    let go_on = self.walk_json(item, path, depth + 1, budget, found);
                    path.truncate(len);
                    if !go_on {
                        return false;
                    }
                }
                true
            }
            Value::Object(map) => {
                for (key, item) in map {
                    let len = path.len();
                    push_json_key(path, key);
                    *budget = budget.saturating_sub(key.len());
                    if !self.push(found, self.inspect_value(Location::json(path), key)) {
                        return false;
                    }
                    let go_on = self.walk_json(item, path, depth + 1, budget, found);
                    path.truncate(len);
                    if !go_on {
                        return false;
                    }
                }
                true
            }
            _ => true,
        }
    }

    fn inspect_multipart(
        &self,
        body: &[u8],
        boundary: &str,
        budget: &mut usize,
        found: &mut Vec<Detection>,
    ) {
        for part in crate::multipart::parts(body, boundary) {
            if *budget == 0 {
                return;
            }
            if !part.is_text() {
                continue;
            }
            let data = clip(part.data, *budget);
            *budget -= data.len();
            let text = String::from_utf8_lossy(data);
            let name = part.name.unwrap_or("");
            if !self.push(found, self.inspect_value(Location::multipart(name), &text)) {
                return;
            }
        }
    }

    fn inspect_text(&self, body: &[u8], budget: &mut usize, found: &mut Vec<Detection>) {
        let data = clip(body, *budget);
        *budget -= data.len();
        let text = String::from_utf8_lossy(data);
        self.push(found, self.inspect_value(Location::Body, &text));
    }
}

fn detection(
    rule: &'static str,
    kind: AttackKind,
    location: Location,
    text: &str,
    at: usize,
) -> Detection {
    // Start a little before the match so the excerpt shows what led up to it.
    let mut start = at.saturating_sub(16).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    Detection {
        rule,
        kind,
        location,
        excerpt: sanitize(&text[start..], MAX_EXCERPT_CHARS),
    }
}

fn push_json_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push_str("[\"");
        for c in key.chars().take(32) {
            if c == '"' || c == '\\' {
                path.push('\\');
            }
            path.push(c);
        }
        path.push_str("\"]");
    }
}

/// Decodes one `application/x-www-form-urlencoded` name or value (`+` is a space).
pub(crate) fn form_decode(raw: &[u8]) -> String {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_encoding::percent_decode(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

fn is_text(essence: &str) -> bool {
    essence.starts_with("text/")
        || essence == "application/xml"
        || essence.ends_with("+xml")
        || essence == "application/graphql"
}

fn clip(data: &[u8], max: usize) -> &[u8] {
    &data[..data.len().min(max)]
}

fn clip_str(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A parsed `Content-Type`: lower-cased essence (`type/subtype`) and parameters.
#[derive(Debug)]
pub(crate) struct MediaType<'a> {
    pub(crate) essence: String,
    params: Vec<(&'a str, &'a str)>,
}

impl<'a> MediaType<'a> {
    pub(crate) fn parse(value: &'a str) -> Self {
        let mut pieces = value.split(';');
        let essence = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let params = pieces
            .filter_map(|p| {
                let (k, v) = p.split_once('=')?;
                Some((k.trim(), v.trim().trim_matches('"')))
            })
            .collect();
        MediaType { essence, params }
    }

    pub(crate) fn param(&self, name: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}
