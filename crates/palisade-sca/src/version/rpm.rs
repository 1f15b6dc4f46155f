//! RPM versions (`[epoch:]version[-release]`), ordered by `rpmvercmp` on each part, as
//! `rpm.labelCompare` does: separators are ignored, `~` sorts before anything (even the
//! end), `^` after the end but before anything else, digits above letters.

use std::cmp::Ordering;

/// An RPM version.
#[derive(Clone, Debug)]
pub struct RpmVersion {
    epoch: String,
    version: String,
    release: String,
}

impl RpmVersion {
    /// Parses any string.
    pub fn parse(text: &str) -> RpmVersion {
        let t = text.trim();
        let (epoch, vr) = match t.split_once(':') {
            Some((e, r)) if e.bytes().all(|b| b.is_ascii_digit()) => (e, r),
            _ => ("", t),
        };
        let (version, release) = match vr.split_once('-') {
            Some((v, r)) => (v.to_string(), format!("-{r}")),
            None => (vr.to_string(), String::new()),
        };
        RpmVersion {
            epoch: if epoch.is_empty() {
                "0".into()
            } else {
                epoch.into()
            },
            version,
            release,
        }
    }
}

/// `rpmvercmp`.
pub fn rpmvercmp(a: &str, b: &str) -> Ordering {
    if a.is_empty() && !b.is_empty() {
        return Ordering::Less;
    }
    if !a.is_empty() && b.is_empty() {
        return Ordering::Greater;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    let trimmed = |c: u8| !c.is_ascii_alphanumeric() && c != b'~' && c != b'^';
    loop {
        while i < a.len() && trimmed(a[i]) {
            i += 1;
        }
        while j < b.len() && trimmed(b[j]) {
            j += 1;
        }
        let (at, bt) = (a.get(i) == Some(&b'~'), b.get(j) == Some(&b'~'));
        if at && bt {
            i += 1;
            j += 1;
            continue;
        }
        if at {
            return Ordering::Less;
        }
        if bt {
            return Ordering::Greater;
        }
        let (ac, bc) = (a.get(i) == Some(&b'^'), b.get(j) == Some(&b'^'));
        if ac && bc {
            i += 1;
            j += 1;
            continue;
        }
        if ac {
            return if j == b.len() {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        if bc {
            return if i == a.len() {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        if i == a.len() || j == b.len() {
            break;
        }
        let is_digit = a[i].is_ascii_digit();
        let run = |s: &[u8], mut k: usize| {
            let start = k;
            while k < s.len()
                && (if is_digit {
                    s[k].is_ascii_digit()
                } else {
                    s[k].is_ascii_alphabetic()
                })
            {
                k += 1;
            }
            (start, k)
        };
        let (as_, ae) = run(a, i);
        let (bs, be) = run(b, j);
        i = ae;
        j = be;
        if bs == be {
            return if is_digit {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        let (sa, sb) = (&a[as_..ae], &b[bs..be]);
        let ord = if is_digit {
            let ta = std::str::from_utf8(sa).unwrap_or("");
            let tb = std::str::from_utf8(sb).unwrap_or("");
            super::cmp_digits(ta, tb)
        } else {
            sa.cmp(sb)
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

impl Ord for RpmVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        rpmvercmp(&self.epoch, &other.epoch)
            .then_with(|| rpmvercmp(&self.version, &other.version))
            .then_with(|| rpmvercmp(&self.release, &other.release))
    }
}

impl PartialOrd for RpmVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for RpmVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for RpmVersion {}
