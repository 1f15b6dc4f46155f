//! Alpine apk versions: `number{.number}{letter}{_suffix{number}}{~hash}{-r#}`, ordered
//! like `apk version`: numbers after the first compare as decimal fractions when either
//! has a leading zero; suffixes order `alpha < beta < pre < rc < (none) < cvs < svn < git
//! < hg < p`; the `-r` build number last. Invalid strings sort after valid ones of the
//! same prefix, and among themselves as text.

use std::cmp::Ordering;
use std::sync::LazyLock;

use regex::Regex;

use super::cmp_digits;

#[derive(Clone, Debug)]
struct Suffix {
    weight: u8,
    number: String,
}

/// An apk version.
#[derive(Clone, Debug)]
pub struct ApkVersion {
    original: String,
    invalid: bool,
    components: Vec<String>,
    letter: Option<u8>,
    suffixes: Vec<Suffix>,
    build: String,
    remainder: String,
}

static NUMBERS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^((\d+)\.?)*").expect("regex"));
static SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)").expect("regex"));
static HASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^~[0-9a-f]+").expect("regex"));
static BUILD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^-r(\d*)").expect("regex"));
static STRICT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d+(\.\d+)*([a-z]\d*|\.[a-z]\d+)?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*(~[0-9a-f]+)?(-r\d+)?$")
        .expect("regex")
});

fn suffix_weight(s: &str) -> u8 {
    match s {
        "alpha" => 0,
        "beta" => 1,
        "pre" => 2,
        "rc" => 3,
        "cvs" => 5,
        "svn" => 6,
        "git" => 7,
        "hg" => 8,
        _ => 9,
    }
}

impl ApkVersion {
    /// Parses any string.
    pub fn parse(text: &str) -> ApkVersion {
        let mut v = ApkVersion {
            original: text.to_string(),
            invalid: false,
            components: Vec::new(),
            letter: None,
            suffixes: Vec::new(),
            build: "0".into(),
            remainder: String::new(),
        };
        let mut s = text;
        let nums = NUMBERS.find(s).map_or("", |m| m.as_str());
        if !nums.is_empty() {
            v.components = nums.split('.').map(str::to_string).collect();
            s = &s[nums.len()..];
        }
        if let Some(&c) = s.as_bytes().first() {
            if c.is_ascii_lowercase() {
                v.letter = Some(c);
                s = &s[1..];
            }
        }
        let owned = s.to_string();
        let mut rest: &str = &owned;
        for caps in SUFFIX.captures_iter(&owned) {
            let n = caps.get(2).map_or("", |m| m.as_str());
            v.suffixes.push(Suffix {
                weight: suffix_weight(&caps[1]),
                number: if n.is_empty() { "0".into() } else { n.into() },
            });
            rest = rest.strip_prefix(&caps[0]).unwrap_or(rest);
        }
        s = rest;
        if let Some(m) = HASH.find(s) {
            s = &s[m.end()..];
        }
        if !s.is_empty() {
            match BUILD.captures(s) {
                Some(c) => {
                    let n = c.get(1).map_or("", |m| m.as_str());
                    v.build = if n.is_empty() { "0".into() } else { n.into() };
                    s = &s[c[0].len()..];
                }
                None => v.invalid = true,
            }
        }
        v.remainder = s.to_string();
        v
    }
}

/// Whether `text` is a valid apk version, as osv.dev's Alpine converter judges it (a
/// letter may carry a number, `6.6.2p1`; a dotted letter needs one, `10.2.22.r0`).
pub fn is_valid(text: &str) -> bool {
    STRICT.is_match(text)
}

fn cmp_component(a: (&str, usize), b: (&str, usize)) -> Ordering {
    if a.1 != 0 && b.1 != 0 && (a.0.starts_with('0') || b.0.starts_with('0')) {
        return a.0.cmp(b.0);
    }
    cmp_digits(a.0, b.0)
}

impl Ord for ApkVersion {
    fn cmp(&self, o: &Self) -> Ordering {
        if self.invalid && o.invalid {
            return self.original.cmp(&o.original);
        }
        for i in 0..self.components.len().max(o.components.len()) {
            let a = self.components.get(i).map_or(("0", 0), |c| (c.as_str(), i));
            let b = o.components.get(i).map_or(("0", 0), |c| (c.as_str(), i));
            let ord = cmp_component(a, b);
            if ord != Ordering::Equal {
                return ord;
            }
        }
        let ord = match (self.letter, o.letter) {
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (a, b) => a.cmp(&b),
        };
        if ord != Ordering::Equal {
            return ord;
        }
        let none = Suffix {
            weight: 4,
            number: "0".into(),
        };
        for i in 0..self.suffixes.len().max(o.suffixes.len()) {
            let a = self.suffixes.get(i).unwrap_or(&none);
            let b = o.suffixes.get(i).unwrap_or(&none);
            let ord = a
                .weight
                .cmp(&b.weight)
                .then_with(|| cmp_digits(&a.number, &b.number));
            if ord != Ordering::Equal {
                return ord;
            }
        }
        let ord = cmp_digits(&self.build, &o.build);
        if ord != Ordering::Equal {
            return ord;
        }
        match (self.remainder.is_empty(), o.remainder.is_empty()) {
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => Ordering::Equal,
        }
    }
}

impl PartialOrd for ApkVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for ApkVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ApkVersion {}
