//! Packagist versions, ordered like PHP's `version_compare` (which Composer uses): a
//! leading `v` dropped, `-`, `_`, `+` read as `.`, a `.` inserted at every digit/letter
//! boundary; special words order `dev < alpha = a < beta = b < RC = rc < # < pl = p`,
//! where `#` stands for any number; unknown words rank with `dev`.

use std::cmp::Ordering;
use std::sync::LazyLock;

use regex::Regex;

use super::{cmp_digits, is_digits};

/// A Packagist version.
#[derive(Clone, Debug)]
pub struct PackagistVersion {
    components: Vec<String>,
}

static SEP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[-_+]").expect("valid regex"));
static ALPHA_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([^\d.])(\d)").expect("valid regex"));
static DIGIT_ALPHA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d)([^\d.])").expect("valid regex"));

impl PackagistVersion {
    /// Parses any string.
    pub fn parse(text: &str) -> PackagistVersion {
        let t = text.trim();
        let t = t.strip_prefix('v').unwrap_or(t);
        let t = t.strip_prefix('V').unwrap_or(t);
        let t = SEP.replace_all(t, ".");
        let t = ALPHA_DIGIT.replace_all(&t, "$1.$2");
        let t = DIGIT_ALPHA.replace_all(&t, "$1.$2");
        PackagistVersion {
            components: t.split('.').map(str::to_string).collect(),
        }
    }
}

fn weight(s: &str) -> u8 {
    if s.starts_with("RC") {
        return 3;
    }
    ["dev", "a", "b", "rc", "#", "p"]
        .iter()
        .position(|p| s.starts_with(p))
        .map_or(0, |i| i as u8)
}

fn cmp_components(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let ord = match (is_digits(x), is_digits(y)) {
            (true, true) => cmp_digits(x, y),
            (false, false) => weight(x).cmp(&weight(y)),
            (true, false) => weight("#").cmp(&weight(y)),
            (false, true) => weight(x).cmp(&weight("#")),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    let hash = ["#".to_string()];
    match a.len().cmp(&b.len()) {
        Ordering::Greater => {
            if is_digits(&a[b.len()]) {
                Ordering::Greater
            } else {
                cmp_components(&a[b.len()..], &hash)
            }
        }
        Ordering::Less => {
            if is_digits(&b[a.len()]) {
                Ordering::Less
            } else {
                cmp_components(&hash, &b[a.len()..])
            }
        }
        Ordering::Equal => Ordering::Equal,
    }
}

impl Ord for PackagistVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_components(&self.components, &other.components)
    }
}

impl PartialOrd for PackagistVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for PackagistVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for PackagistVersion {}
