//! Finding the detectors' keywords fast: a byte-pair filter picks the few short regions
//! where a keyword can be, and the case-insensitive aho-corasick automaton runs only there.
//!
//! Why: the automaton walks every byte through a table (one dependent load per byte), and
//! over a few hundred case-insensitive keywords it was half of a scan's time. Each keyword
//! is represented by its rarest adjacent byte pair (both letter cases); a 64 Kibit table
//! answers "can a keyword contain the pair at `i`?" with independent loads the CPU
//! overlaps, and source text rarely contains those pairs. The automaton then runs on
//! `[i - reach, i + 2 + reach]` around each candidate (merged), so the hits — pattern,
//! start and end — are exactly the ones a full pass reports: a keyword occurrence contains
//! its pair and lies inside that pair's region, and merged regions are disjoint.

use aho_corasick::{AhoCorasick, Match};

/// Frequency rank of each lowercase byte in source code and configuration (0 = never seen,
/// 255 = the most frequent, the space), measured once on ~60 MB of public Rust, Python,
/// TOML, JSON, YAML and Markdown. Only the order matters: it picks each keyword's rarest
/// byte pair.
const BYTE_RANK: [u8; 256] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 97, 245, 9, 10, 187, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
    23, 24, 25, 26, 27, 28, 255, 197, 222, 208, 193, 189, 200, 195, 231, 232, 205, 191, 235, 207,
    217, 230, 227, 224, 228, 223, 216, 206, 210, 204, 213, 202, 242, 229, 199, 233, 209, 190, 188,
    29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52,
    53, 54, 215, 196, 214, 186, 252, 203, 247, 238, 243, 239, 254, 237, 234, 226, 249, 192, 219,
    240, 236, 250, 246, 241, 198, 248, 251, 253, 244, 221, 218, 220, 225, 201, 212, 194, 211, 182,
    55, 183, 158, 161, 147, 153, 139, 127, 118, 146, 124, 149, 112, 137, 119, 121, 143, 178, 171,
    152, 123, 180, 130, 144, 113, 166, 160, 126, 132, 169, 177, 176, 173, 174, 125, 114, 116, 151,
    157, 170, 128, 168, 131, 156, 135, 163, 140, 148, 122, 155, 138, 154, 141, 134, 133, 142, 120,
    164, 167, 162, 129, 136, 172, 115, 150, 56, 57, 117, 145, 85, 95, 88, 90, 78, 58, 59, 102, 60,
    100, 109, 98, 61, 81, 86, 79, 87, 91, 82, 92, 83, 93, 62, 106, 94, 84, 89, 96, 181, 179, 185,
    159, 101, 110, 111, 103, 105, 108, 175, 99, 107, 104, 80, 165, 184, 63, 64, 65, 66, 67, 68, 69,
    70, 71, 72, 73, 74, 75, 76, 77,
];

/// Case-insensitive keyword search with a byte-pair prefilter.
pub(crate) struct KeywordSearch {
    ac: AhoCorasick,
    /// One bit per byte pair `(b[i], b[i + 1])`, indexed `b[i] | b[i + 1] << 8`; `None` when
    /// a keyword is shorter than two bytes (the automaton then runs on everything).
    pairs: Option<Box<[u64; 1024]>>,
    /// Longest keyword, in bytes: how far a region reaches on each side of its pair.
    reach: usize,
}

impl KeywordSearch {
    /// A search for `keywords` (ASCII case-insensitive); `None` for no keywords.
    pub(crate) fn new(keywords: &[&str]) -> Option<KeywordSearch> {
        if keywords.is_empty() {
            return None;
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // A full DFA: it only runs on short regions, where its speed per byte matters
            // and its size (a few hundred short keywords) stays small.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(keywords)
            .ok()?;
        let reach = keywords.iter().map(|k| k.len()).max().unwrap_or(0);
        let mut pairs = Some(Box::new([0u64; 1024]));
        for k in keywords {
            let k = k.as_bytes();
            let Some(table) = pairs.as_mut() else { break };
            if k.len() < 2 {
                pairs = None;
                continue;
            }
            let rank = |b: u8| BYTE_RANK[b.to_ascii_lowercase() as usize] as u32;
            let i = (0..k.len() - 1)
                .min_by_key(|&i| rank(k[i]) + rank(k[i + 1]))
                .unwrap_or(0);
            for a in cases(k[i]) {
                for b in cases(k[i + 1]) {
                    let h = a as usize | (b as usize) << 8;
                    table[h >> 6] |= 1 << (h & 63);
                }
            }
        }
        Some(KeywordSearch { ac, pairs, reach })
    }

    /// Every keyword occurrence in `bytes` (overlapping ones included), as the automaton
    /// alone reports them, in increasing order of end within each region.
    pub(crate) fn hits(&self, bytes: &[u8], mut each: impl FnMut(Match)) {
        let Some(table) = &self.pairs else {
            self.ac.find_overlapping_iter(bytes).for_each(each);
            return;
        };
        let reach = self.reach;
        let mut region: Option<(usize, usize)> = None;
        let flush = |(s, e): (usize, usize), each: &mut dyn FnMut(Match)| {
            for m in self.ac.find_overlapping_iter(&bytes[s..e]) {
                each(Match::new(m.pattern(), s + m.start()..s + m.end()));
            }
        };
        for (i, w) in bytes.windows(2).enumerate() {
            let h = w[0] as usize | (w[1] as usize) << 8;
            if table[h >> 6] & (1 << (h & 63)) == 0 {
                continue;
            }
            let s = i.saturating_sub(reach);
            let e = bytes.len().min(i + 2 + reach);
            region = match region {
                Some((rs, re)) if s <= re => Some((rs, re.max(e))),
                Some(r) => {
                    flush(r, &mut each);
                    Some((s, e))
                }
                None => Some((s, e)),
            };
        }
        if let Some(r) = region {
            flush(r, &mut each);
        }
    }
}

/// The byte and, for an ASCII letter, its other case (what ASCII case-insensitive
/// matching accepts).
fn cases(b: u8) -> impl Iterator<Item = u8> {
    let other = if b.is_ascii_lowercase() {
        Some(b.to_ascii_uppercase())
    } else if b.is_ascii_uppercase() {
        Some(b.to_ascii_lowercase())
    } else {
        None
    };
    std::iter::once(b).chain(other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_hits(ks: &KeywordSearch, bytes: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        ks.hits(bytes, |m| {
            v.push((m.pattern().as_usize(), m.start(), m.end()))
        });
        v.sort_unstable();
        v
    }

    #[test]
    fn same_hits_as_the_automaton_alone() {
        let keywords = [
            "token",
            "ghp_",
            "api_key",
            "key",
            "-----begin",
            "sk_live_",
            "pwd",
        ];
        let ks = KeywordSearch::new(&keywords).unwrap();
        let mut text = Vec::new();
        let mut x: u32 = 7;
        // Keywords, their pieces and other cases, glued at random.
        let pieces: [&[u8]; 16] = [
            b"token",
            b"TOK",
            b"en",
            b"ghp_",
            b"GH",
            b"p_",
            b"api_",
            b"KEY",
            b"-----",
            b"begin",
            b"sk_live_",
            b"Sk_",
            b"pwd",
            b"PW",
            b" ",
            b"\n",
        ];
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            text.extend_from_slice(pieces[x as usize % pieces.len()]);
        }
        text.extend_from_slice(b"TOKEN ghp_ Api_Key KEY -----BEGIN Sk_Live_ pWd");
        let mut want: Vec<_> = ks
            .ac
            .find_overlapping_iter(&text)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        want.sort_unstable();
        assert!(want.len() > 1000);
        assert_eq!(all_hits(&ks, &text), want);
        assert_eq!(all_hits(&ks, b"pwd"), vec![(6, 0, 3)]);
        assert_eq!(all_hits(&ks, b""), vec![]);
    }

    #[test]
    fn one_byte_keywords_fall_back_to_the_automaton() {
        let ks = KeywordSearch::new(&["a", "token"]).unwrap();
        assert!(ks.pairs.is_none());
        assert_eq!(all_hits(&ks, b"xAx").len(), 1);
    }
}
