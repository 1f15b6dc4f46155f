//! Hackage (Haskell `Data.Version`) versions: any number of numeric components, compared
//! component-wise as lists (so `1.0 < 1.0.0`).

use std::cmp::Ordering;

use super::cmp_padded;
use super::semver::{cmp_pre, split_like, Ident};

/// A Hackage version.
#[derive(Clone, Debug)]
pub struct HackageVersion {
    components: Vec<String>,
    tags: Vec<Ident>,
}

impl HackageVersion {
    /// Parses any string.
    pub fn parse(text: &str) -> HackageVersion {
        let (components, rest) = split_like(text, usize::MAX);
        let rest = rest.to_ascii_lowercase();
        let rest = rest.split('+').next().unwrap_or("");
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        let tags = if rest.is_empty() {
            Vec::new()
        } else {
            rest.split('.').map(Ident::parse).collect()
        };
        HackageVersion { components, tags }
    }
}

impl Ord for HackageVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_padded(&self.components, &other.components)
            .then_with(|| cmp_pre(&self.tags, &other.tags))
            .then_with(|| self.components.len().cmp(&other.components.len()))
    }
}

impl PartialOrd for HackageVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for HackageVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for HackageVersion {}
