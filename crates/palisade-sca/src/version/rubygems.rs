//! RubyGems versions, as `Gem::Version` orders them: segments split at dots and at every
//! digit/letter boundary; trailing zero segments dropped (separately for the release and
//! the pre-release part); numbers compare numerically and sort above strings.

use std::cmp::Ordering;

use super::{cmp_digits, is_digits};

/// A RubyGems version.
#[derive(Clone, Debug)]
pub struct GemVersion {
    segments: Vec<String>,
}

impl GemVersion {
    /// Parses any string.
    pub fn parse(text: &str) -> GemVersion {
        // Gem::Version reads `-` as `.pre.` (`1.0-rc1` is `1.0.pre.rc1`).
        let text = text.trim().replace('-', ".pre.");
        let mut canon = String::new();
        let mut check_previous = false;
        let mut previous_digit = true;
        for c in text.chars() {
            if c == '.' {
                check_previous = false;
                canon.push('.');
                continue;
            }
            let digit = c.is_ascii_digit();
            if check_previous && previous_digit != digit {
                canon.push('.');
            }
            canon.push(c);
            previous_digit = digit;
            check_previous = true;
        }
        let mut numbers = Vec::new();
        let mut build = Vec::new();
        for seg in canon.split('.') {
            if !build.is_empty() || !is_digits(seg) {
                build.push(seg.to_string());
            } else {
                numbers.push(seg.to_string());
            }
        }
        fn trim_zeros(v: &mut Vec<String>) {
            while v
                .last()
                .is_some_and(|s| is_digits(s) && s.bytes().all(|b| b == b'0'))
            {
                v.pop();
            }
        }
        trim_zeros(&mut numbers);
        trim_zeros(&mut build);
        numbers.extend(build);
        GemVersion { segments: numbers }
    }
}

impl GemVersion {
    /// See [`super::canonical`].
    pub fn canonical(&self) -> String {
        let segs: Vec<&str> = self
            .segments
            .iter()
            .map(|s| {
                if is_digits(s) {
                    super::trim0(s)
                } else {
                    s.as_str()
                }
            })
            .collect();
        segs.join(".")
    }
}

impl Ord for GemVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let n = self.segments.len().max(other.segments.len());
        for i in 0..n {
            let a = self.segments.get(i).map_or("0", String::as_str);
            let b = other.segments.get(i).map_or("0", String::as_str);
            let ord = match (is_digits(a), is_digits(b)) {
                (true, true) => cmp_digits(a, b),
                (false, false) => a.cmp(b),
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for GemVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for GemVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for GemVersion {}
