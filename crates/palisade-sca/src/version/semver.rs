//! SemVer 2.0 precedence, read leniently the way node-semver's loose mode and OSV tools
//! read real-world strings: a leading `v` or `=`, one to any number of numeric components
//! (missing ones are zero), numbers of any size. Build metadata (`+...`) never affects
//! precedence. Components past the scheme's limit (3 for SemVer) join the pre-release
//! label, so `1.1.3.4.5` still orders consistently.

use std::cmp::Ordering;

use super::{cmp_digits, cmp_padded, is_digits};

/// One dot-separated pre-release identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ident {
    /// Only digits: compared numerically, below every alphanumeric identifier.
    Num(String),
    /// Anything else: compared by ASCII order.
    Alpha(String),
}

impl Ident {
    pub(crate) fn parse(s: &str) -> Ident {
        if is_digits(s) {
            Ident::Num(s.to_string())
        } else {
            Ident::Alpha(s.to_string())
        }
    }
}

impl Ord for Ident {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Ident::Num(a), Ident::Num(b)) => cmp_digits(a, b),
            (Ident::Alpha(a), Ident::Alpha(b)) => a.cmp(b),
            (Ident::Num(_), Ident::Alpha(_)) => Ordering::Less,
            (Ident::Alpha(_), Ident::Num(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Ident {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A SemVer-like version.
#[derive(Clone, Debug)]
pub struct SemVer {
    /// Numeric components (at most the scheme's limit), as digit strings.
    pub components: Vec<String>,
    /// Pre-release identifiers (empty for a release).
    pub pre: Vec<Ident>,
    /// Build metadata after `+` (ignored by precedence).
    pub build: String,
    /// The raw text after the numeric components (`-beta+exp`), with any components past
    /// the limit appended as `.N`.
    pub rest: String,
}

/// Splits `text` into numeric components and the rest, the way OSV's "semver-like" parser
/// does: digits and dots up to the first other character.
pub(crate) fn split_like(text: &str, max_components: usize) -> (Vec<String>, String) {
    let mut s = text.trim();
    loop {
        let t = s.trim_start_matches(['=', 'v', 'V']).trim_start();
        if t.len() == s.len() {
            break;
        }
        s = t;
    }
    let mut comps = Vec::new();
    let mut current = String::new();
    let mut rest = String::new();
    let mut in_rest = false;
    for c in s.chars() {
        if in_rest {
            rest.push(c);
        } else if c.is_ascii_digit() {
            current.push(c);
        } else {
            if !current.is_empty() {
                comps.push(std::mem::take(&mut current));
            }
            if c != '.' {
                in_rest = true;
                rest.push(c);
            }
        }
    }
    if !current.is_empty() {
        comps.push(current);
    }
    if comps.len() > max_components {
        for extra in comps.drain(max_components..) {
            rest.push('.');
            rest.push_str(extra.trim_start_matches('0'));
            if extra.trim_start_matches('0').is_empty() {
                rest.push('0');
            }
        }
    }
    (comps, rest)
}

impl SemVer {
    /// Parses leniently with at most `max_components` numeric components.
    pub fn parse(text: &str, max_components: usize) -> SemVer {
        let (components, rest) = split_like(text, max_components);
        let (pre, build) = match rest.split_once('+') {
            Some((p, b)) => (p, b),
            None => (rest.as_str(), ""),
        };
        let pre = pre.strip_prefix('-').unwrap_or(pre);
        let pre = if pre.is_empty() {
            Vec::new()
        } else {
            pre.split('.').map(Ident::parse).collect()
        };
        SemVer {
            components,
            pre,
            build: build.to_string(),
            rest,
        }
    }
}

impl SemVer {
    /// See [`super::canonical`]: components without trailing zeros, numeric identifiers
    /// without leading zeros, no build metadata.
    pub fn canonical(&self) -> String {
        let mut comps: Vec<&str> = self.components.iter().map(|c| super::trim0(c)).collect();
        while comps.len() > 1 && comps.last() == Some(&"0") {
            comps.pop();
        }
        let mut out = comps.join(".");
        if out.is_empty() {
            out.push('0');
        }
        if !self.pre.is_empty() {
            out.push('-');
            let ids: Vec<&str> = self
                .pre
                .iter()
                .map(|i| match i {
                    Ident::Num(n) => super::trim0(n),
                    Ident::Alpha(a) => a.as_str(),
                })
                .collect();
            out.push_str(&ids.join("."));
        }
        out
    }
}

/// Pre-release precedence: a release is above any pre-release; identifiers compare one by
/// one; a longer list wins when all shared identifiers are equal.
pub(crate) fn cmp_pre(a: &[Ident], b: &[Ident]) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => a.cmp(b),
    }
}

impl Ord for SemVer {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_padded(&self.components, &other.components).then_with(|| cmp_pre(&self.pre, &other.pre))
    }
}

impl PartialOrd for SemVer {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for SemVer {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for SemVer {}
