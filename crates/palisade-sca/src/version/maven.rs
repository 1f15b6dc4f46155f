//! Maven versions, ordered like Maven's `ComparableVersion` (the 3.9 rules, which OSV and
//! osv-scalibr follow).
//!
//! A version is split into tokens at `.`, `-` and every digit/letter transition (a
//! transition counts as `-`). Each token remembers the separator before it; trailing
//! "null" tokens (`0`, empty, `final`, `ga`, `release`) are trimmed before each `-`.
//! Comparison pads the shorter version with nulls. Qualifiers order
//! `alpha < beta < milestone < rc = cr < snapshot < "" = ga = final < sp`, unknown ones
//! after `sp`, lexically; numbers sort after qualifiers. Separators order
//! `.qualifier < -qualifier < -number < .number`.

use std::cmp::Ordering;

use super::{cmp_digits, is_digits};

#[derive(Clone, Debug, PartialEq, Eq)]
struct Token {
    prefix: u8,
    value: String,
    null: bool,
}

impl Token {
    fn is_number(&self) -> bool {
        is_digits(&self.value)
    }

    fn should_trim(&self) -> bool {
        matches!(self.value.as_str(), "0" | "" | "final" | "ga")
    }

    fn separator_rank(&self) -> u8 {
        match (self.is_number(), self.prefix) {
            (true, b'-') => 2,
            (true, _) => 3,
            (false, b'-') => 1,
            (false, _) => 0,
        }
    }

    fn null_like(other: &Token) -> Token {
        if other.prefix == b'-' {
            Token {
                prefix: b'-',
                value: String::new(),
                null: true,
            }
        } else {
            Token {
                prefix: other.prefix,
                value: if other.value == "sp" {
                    String::new()
                } else {
                    "0".into()
                },
                null: true,
            }
        }
    }

    fn less(&self, w: &Token) -> bool {
        if self.prefix == w.prefix {
            let (vn, wn) = (self.is_number(), w.is_number());
            if vn && wn {
                return cmp_digits(&self.value, &w.value) == Ordering::Less;
            }
            if vn && !self.null {
                return false;
            }
            if wn && !w.null {
                return true;
            }
            const ORDER: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
            let rank = |s: &str| ORDER.iter().position(|k| *k == s).unwrap_or(ORDER.len());
            let (l, r) = (rank(&self.value), rank(&w.value));
            if l == ORDER.len() && r == ORDER.len() {
                return self.value < w.value;
            }
            return l < r;
        }
        self.separator_rank() < w.separator_rank()
    }
}

/// A Maven version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MavenVersion {
    tokens: Vec<Token>,
}

impl MavenVersion {
    /// Parses any string.
    pub fn parse(text: &str) -> MavenVersion {
        let text = text.trim().to_lowercase();
        let mut tokens = Vec::new();
        let mut prefix = 0u8;
        for (i, raw) in text.split(['.', '-']).enumerate() {
            if i > 0 {
                // The separator before this raw token.
                let consumed: usize = text.split(['.', '-']).take(i).map(|s| s.len() + 1).sum();
                prefix = text.as_bytes()[consumed - 1];
            }
            // Split at digit/non-digit transitions.
            let bytes = raw.as_bytes();
            let mut start = 0;
            let mut pieces = Vec::new();
            for j in 1..=bytes.len() {
                if j == bytes.len() || bytes[j].is_ascii_digit() != bytes[j - 1].is_ascii_digit() {
                    pieces.push(&raw[start..j]);
                    start = j;
                }
            }
            if pieces.is_empty() {
                pieces.push("");
            }
            let n = pieces.len();
            for (k, piece) in pieces.into_iter().enumerate() {
                let p = if k > 0 { b'-' } else { prefix };
                let mut value = match piece {
                    "" => "0".to_string(),
                    "cr" => "rc".to_string(),
                    "ga" | "final" | "release" => String::new(),
                    s => s.to_string(),
                };
                if k + 1 < n {
                    value = match value.as_str() {
                        "a" => "alpha".into(),
                        "b" => "beta".into(),
                        "m" => "milestone".into(),
                        _ => value,
                    };
                }
                if is_digits(&value) {
                    let t = value.trim_start_matches('0');
                    value = if t.is_empty() { "0".into() } else { t.into() };
                }
                tokens.push(Token {
                    prefix: p,
                    value,
                    null: false,
                });
            }
        }
        // Trim trailing nulls, then the nulls before each hyphen, from the end.
        let mut i = tokens.len() as isize - 1;
        while i > 0 {
            let iu = i as usize;
            if tokens[iu].should_trim() {
                tokens.remove(iu);
                i -= 1;
                continue;
            }
            while i >= 0 && tokens[i as usize].prefix != b'-' {
                i -= 1;
            }
            i -= 1;
        }
        MavenVersion { tokens }
    }

    /// See [`super::canonical`]: the tokens with their separators.
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        for t in &self.tokens {
            if t.prefix != 0 {
                out.push(t.prefix as char);
            }
            out.push_str(&t.value);
        }
        out
    }

    fn less(&self, w: &MavenVersion) -> bool {
        let n = self.tokens.len().max(w.tokens.len());
        for i in 0..n {
            let left = match self.tokens.get(i) {
                Some(t) => t.clone(),
                None => Token::null_like(&w.tokens[i]),
            };
            let right = match w.tokens.get(i) {
                Some(t) => t.clone(),
                None => Token::null_like(&self.tokens[i]),
            };
            if left.prefix == right.prefix && left.value == right.value {
                continue;
            }
            return left.less(&right);
        }
        false
    }
}

impl Ord for MavenVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let same = self.tokens.len() == other.tokens.len()
            && self
                .tokens
                .iter()
                .zip(&other.tokens)
                .all(|(a, b)| a.prefix == b.prefix && a.value == b.value);
        if same {
            Ordering::Equal
        } else if self.less(other) {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    }
}

impl PartialOrd for MavenVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
