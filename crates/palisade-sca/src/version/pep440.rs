//! PEP 440 (Python) versions, as `packaging.version.Version` parses and orders them.
//!
//! Strings that are not valid PEP 440 (`0.6m1`, `1.3.1-STAGING`, found in old PyPI
//! advisories) are kept as *legacy* versions, ordered below every valid version and among
//! themselves by setuptools' historical `parse_version` key, as `packaging` did before it
//! removed `LegacyVersion` and as OSV tooling still does.

use std::cmp::Ordering;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use super::{cmp_digits, is_digits};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    // PEP 440, Appendix B (the canonical regular expression), anchored, case-insensitive.
    Regex::new(
        r"(?ix)^\s*
        v?
        (?:
            (?:(?P<epoch>[0-9]+)!)?
            (?P<release>[0-9]+(?:\.[0-9]+)*)
            (?P<pre>
                [-_\.]?
                (?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)
                [-_\.]?
                (?P<pre_n>[0-9]+)?
            )?
            (?P<post>
                (?:-(?P<post_n1>[0-9]+))
                |
                (?:
                    [-_\.]?
                    (?P<post_l>post|rev|r)
                    [-_\.]?
                    (?P<post_n2>[0-9]+)?
                )
            )?
            (?P<dev>
                [-_\.]?
                (?P<dev_l>dev)
                [-_\.]?
                (?P<dev_n>[0-9]+)?
            )?
        )
        (?:\+(?P<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))?
        \s*$",
    )
    .expect("valid regex")
});

/// Pre-release phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// `a`, `alpha`.
    Alpha,
    /// `b`, `beta`.
    Beta,
    /// `rc`, `c`, `pre`, `preview`.
    Rc,
}

/// A local version label segment.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Local {
    Num(String),
    Str(String),
}

/// A PEP 440 version (or a legacy string).
#[derive(Clone, Debug)]
pub struct Pep440 {
    epoch: String,
    release: Vec<String>,
    pre: Option<(Phase, String)>,
    post: Option<String>,
    dev: Option<String>,
    local: Vec<Local>,
    /// Set for strings that are not PEP 440: setuptools' legacy key.
    legacy: Option<Vec<String>>,
}

fn trim0(s: &str) -> String {
    let t = s.trim_start_matches('0');
    if t.is_empty() {
        "0".into()
    } else {
        t.into()
    }
}

impl Pep440 {
    /// Parses a valid PEP 440 version; `None` otherwise.
    pub fn parse_strict(text: &str) -> Option<Pep440> {
        // Surrounding whitespace may be any Unicode space (Python's `\s`); the version
        // itself is ASCII.
        let text = text.trim();
        if !text.is_ascii() {
            return None;
        }
        // Fast path for plain releases (`1.2.3`), the common case: no regex.
        if !text.is_empty() && text.split('.').all(is_digits) {
            return Some(Pep440 {
                epoch: "0".into(),
                release: text.split('.').map(trim0).collect(),
                pre: None,
                post: None,
                dev: None,
                local: Vec::new(),
                legacy: None,
            });
        }
        let c = RE.captures(text)?;
        let g = |n: &str| c.name(n).map(|m| m.as_str().to_ascii_lowercase());
        let pre = g("pre_l").map(|l| {
            let phase = match l.as_str() {
                "a" | "alpha" => Phase::Alpha,
                "b" | "beta" => Phase::Beta,
                _ => Phase::Rc,
            };
            (phase, trim0(&g("pre_n").unwrap_or_default()))
        });
        let post = g("post_n1")
            .or_else(|| g("post_l").map(|_| g("post_n2").unwrap_or_default()))
            .map(|n| trim0(&n));
        let dev = g("dev_l").map(|_| trim0(&g("dev_n").unwrap_or_default()));
        let local = g("local")
            .map(|l| {
                l.split(['.', '-', '_'])
                    .map(|p| {
                        if is_digits(p) {
                            Local::Num(trim0(p))
                        } else {
                            Local::Str(p.to_string())
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Pep440 {
            epoch: trim0(&g("epoch").unwrap_or_default()),
            release: g("release")?.split('.').map(trim0).collect(),
            pre,
            post,
            dev,
            local,
            legacy: None,
        })
    }

    /// Parses any string: valid PEP 440, else a legacy version.
    pub fn parse(text: &str) -> Pep440 {
        Pep440::parse_strict(text).unwrap_or_else(|| Pep440 {
            epoch: String::new(),
            release: Vec::new(),
            pre: None,
            post: None,
            dev: None,
            local: Vec::new(),
            legacy: Some(legacy_key(text)),
        })
    }

    /// See [`super::canonical`]: the normalised form with trailing zero release
    /// components dropped; legacy strings lowercased.
    pub fn canonical(&self, original: &str) -> String {
        if self.legacy.is_some() {
            return original.trim().to_lowercase();
        }
        let mut v = self.clone();
        let n = v.release_trimmed().len().max(1);
        v.release.truncate(n);
        v.to_string()
    }

    /// True for strings that are not valid PEP 440.
    pub fn is_legacy(&self) -> bool {
        self.legacy.is_some()
    }

    fn release_trimmed(&self) -> &[String] {
        let mut n = self.release.len();
        while n > 0 && self.release[n - 1] == "0" {
            n -= 1;
        }
        &self.release[..n]
    }
}

/// setuptools' legacy `parse_version` key (`packaging.version.LegacyVersion`).
fn legacy_key(text: &str) -> Vec<String> {
    static PART: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d+|[a-z]+|\.|-)").expect("valid regex"));
    let lower = text.to_lowercase();
    let mut parts: Vec<String> = Vec::new();
    let mut raw: Vec<&str> = PART.find_iter(&lower).map(|m| m.as_str()).collect();
    raw.push("final");
    for part in raw {
        if part == "." {
            continue;
        }
        let part = match part {
            "pre" | "preview" | "rc" => "c",
            "-" => "final-",
            "dev" => "@",
            p => p,
        };
        let item = if part.as_bytes()[0].is_ascii_digit() {
            format!("{part:0>8}")
        } else {
            format!("*{part}")
        };
        if item.starts_with('*') {
            if item.as_str() < "*final" {
                while parts.last().is_some_and(|p| p == "*final-") {
                    parts.pop();
                }
            }
            while parts.last().is_some_and(|p| p == "00000000") {
                parts.pop();
            }
        }
        parts.push(item);
    }
    parts
}

fn cmp_opt_num(a: &Option<String>, b: &Option<String>, none_is_low: bool) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => {
            if none_is_low {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
        (Some(_), None) => {
            if none_is_low {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (Some(x), Some(y)) => cmp_digits(x, y),
    }
}

impl Ord for Pep440 {
    fn cmp(&self, o: &Self) -> Ordering {
        match (&self.legacy, &o.legacy) {
            (Some(a), Some(b)) => return a.cmp(b),
            (Some(_), None) => return Ordering::Less,
            (None, Some(_)) => return Ordering::Greater,
            (None, None) => {}
        }
        let ord = cmp_digits(&self.epoch, &o.epoch);
        if ord != Ordering::Equal {
            return ord;
        }
        let ord = super::cmp_padded(self.release_trimmed(), o.release_trimmed());
        if ord != Ordering::Equal {
            return ord;
        }
        // Pre-release key: a dev release with no pre/post sorts before any pre-release;
        // no pre-release sorts after every pre-release.
        let pre_key = |v: &Pep440| -> (i8, Option<(Phase, String)>) {
            if v.pre.is_none() && v.post.is_none() && v.dev.is_some() {
                (-1, None)
            } else if v.pre.is_none() {
                (1, None)
            } else {
                (0, v.pre.clone())
            }
        };
        let (ka, pa) = pre_key(self);
        let (kb, pb) = pre_key(o);
        let ord = ka.cmp(&kb).then_with(|| match (&pa, &pb) {
            (Some((x, n)), Some((y, m))) => x.cmp(y).then_with(|| cmp_digits(n, m)),
            _ => Ordering::Equal,
        });
        if ord != Ordering::Equal {
            return ord;
        }
        let ord = cmp_opt_num(&self.post, &o.post, true);
        if ord != Ordering::Equal {
            return ord;
        }
        let ord = cmp_opt_num(&self.dev, &o.dev, false);
        if ord != Ordering::Equal {
            return ord;
        }
        for (x, y) in self.local.iter().zip(&o.local) {
            let ord = match (x, y) {
                (Local::Num(a), Local::Num(b)) => cmp_digits(a, b),
                (Local::Str(a), Local::Str(b)) => a.cmp(b),
                (Local::Num(_), Local::Str(_)) => Ordering::Greater,
                (Local::Str(_), Local::Num(_)) => Ordering::Less,
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        self.local.len().cmp(&o.local.len())
    }
}

impl PartialOrd for Pep440 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Pep440 {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Pep440 {}

impl fmt::Display for Pep440 {
    /// The normalised form (`1.0-DEV` → `1.0.dev0`), as `str(packaging.version.Version)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(legacy) = &self.legacy {
            return write!(f, "{}", legacy.join(""));
        }
        if self.epoch != "0" {
            write!(f, "{}!", self.epoch)?;
        }
        write!(f, "{}", self.release.join("."))?;
        if let Some((phase, n)) = &self.pre {
            let l = match phase {
                Phase::Alpha => "a",
                Phase::Beta => "b",
                Phase::Rc => "rc",
            };
            write!(f, "{l}{n}")?;
        }
        if let Some(p) = &self.post {
            write!(f, ".post{p}")?;
        }
        if let Some(d) = &self.dev {
            write!(f, ".dev{d}")?;
        }
        if !self.local.is_empty() {
            let parts: Vec<&str> = self
                .local
                .iter()
                .map(|l| match l {
                    Local::Num(s) | Local::Str(s) => s.as_str(),
                })
                .collect();
            write!(f, "+{}", parts.join("."))?;
        }
        Ok(())
    }
}

/// `packaging.specifiers._version_split` of a normalised version: `["0", "1", "2", "a1"]`
/// for `1.2a1` (the epoch first, pre-release parts split from their release number).
fn version_split(normalized: &str) -> Vec<String> {
    let (epoch, rest) = match normalized.split_once('!') {
        Some((e, r)) => (e.to_string(), r),
        None => ("0".to_string(), normalized),
    };
    let mut out = vec![epoch];
    for item in rest.split('.') {
        let digits = item.bytes().take_while(u8::is_ascii_digit).count();
        let (num, tail) = item.split_at(digits);
        let is_pre = ["a", "b", "c", "rc"]
            .iter()
            .any(|p| tail.strip_prefix(p).is_some_and(is_digits));
        if digits > 0 && is_pre {
            out.push(num.to_string());
            out.push(tail.to_string());
        } else {
            out.push(item.to_string());
        }
    }
    out
}

/// `==V.*`: prefix match of the release, padded with zeros.
fn prefix_match(v: &Pep440, prefix: &Pep440) -> bool {
    let spec = version_split(&full_string(prefix));
    let pros = version_split(&full_string(&{
        let mut p = v.clone();
        p.local.clear();
        p
    }));
    // Pad the release part (numeric items after the epoch) of the prospective version.
    let rel_len = |x: &[String]| x[1..].iter().take_while(|i| is_digits(i)).count();
    let (ls, lp) = (rel_len(&spec), rel_len(&pros));
    let mut padded: Vec<String> = pros[..1 + lp].to_vec();
    for _ in lp..ls {
        padded.push("0".into());
    }
    padded.extend_from_slice(&pros[1 + lp..]);
    padded.len() >= spec.len()
        && padded[..spec.len()].iter().zip(&spec).all(|(a, b)| {
            if is_digits(a) && is_digits(b) {
                cmp_digits(a, b) == Ordering::Equal
            } else {
                a == b
            }
        })
}

fn full_string(v: &Pep440) -> String {
    let s = v.to_string();
    if s.contains('!') {
        s
    } else {
        format!("0!{s}")
    }
}

fn is_prerelease(v: &Pep440) -> bool {
    v.pre.is_some() || v.dev.is_some()
}

/// Whether `version` satisfies one PEP 440 specifier clause (`==1.2.*`, `~=2.2`, `>=1`,
/// `!=1.0`, `===x`), pre-releases allowed, as `packaging.specifiers.Specifier.contains`.
/// `None` when the specifier or the version is not valid.
pub fn specifier_contains(spec: &str, version: &str) -> Option<bool> {
    let spec = spec.trim();
    let ops = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"];
    let op = *ops.iter().find(|o| spec.starts_with(**o))?;
    let target = spec[op.len()..].trim();
    if op == "===" {
        return Some(target.eq_ignore_ascii_case(version.trim()));
    }
    let v = Pep440::parse_strict(version)?;
    let public = {
        let mut p = v.clone();
        p.local.clear();
        p
    };
    if let Some(prefix) = target.strip_suffix(".*") {
        if !matches!(op, "==" | "!=") {
            return None;
        }
        let p = Pep440::parse_strict(prefix)?;
        let m = prefix_match(&v, &p);
        return Some(if op == "==" { m } else { !m });
    }
    let t = Pep440::parse_strict(target)?;
    let same_base = |a: &Pep440| same_release(a, &t);
    Some(match op {
        "==" | "!=" => {
            let eq = if t.local.is_empty() {
                public == t
            } else {
                v == t
            };
            if op == "==" {
                eq
            } else {
                !eq
            }
        }
        "<=" => public <= t,
        ">=" => public >= t,
        "~=" => {
            let items = version_split(&full_string(&t));
            let not_suffix: Vec<&String> = items
                .iter()
                .take_while(|i| {
                    !["dev", "a", "b", "rc", "post"]
                        .iter()
                        .any(|s| i.starts_with(s))
                })
                .collect();
            if not_suffix.len() < 3 {
                return None;
            }
            let prefix_items = &not_suffix[..not_suffix.len() - 1];
            let prefix_text = format!(
                "{}!{}",
                prefix_items[0],
                prefix_items[1..]
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(".")
            );
            let p = Pep440::parse_strict(&prefix_text)?;
            public >= t && prefix_match(&v, &p)
        }
        "<" => v < t && !(!is_prerelease(&t) && is_prerelease(&v) && same_base(&v)),
        ">" => {
            v > t
                && !(t.post.is_none() && v.post.is_some() && same_base(&v))
                && (v.local.is_empty() || public != t)
        }
        _ => return None,
    })
}

fn same_release(a: &Pep440, b: &Pep440) -> bool {
    cmp_digits(&a.epoch, &b.epoch) == Ordering::Equal
        && super::cmp_padded(a.release_trimmed(), b.release_trimmed()) == Ordering::Equal
}
