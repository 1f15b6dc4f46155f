//! Dart Pub versions (`pub_semver`): SemVer precedence, then — unlike SemVer — build
//! metadata breaks ties (`1.0.0 < 1.0.0+build`), compared as text.

use std::cmp::Ordering;

use super::cmp_padded;
use super::semver::{cmp_pre, SemVer};

/// A Pub version.
#[derive(Clone, Debug)]
pub struct PubVersion(SemVer);

impl PubVersion {
    /// Parses any string.
    pub fn parse(text: &str) -> PubVersion {
        PubVersion(SemVer::parse(text, 3))
    }
}

impl Ord for PubVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_padded(&self.0.components, &other.0.components)
            .then_with(|| cmp_pre(&self.0.pre, &other.0.pre))
            .then_with(|| self.0.build.cmp(&other.0.build))
    }
}

impl PartialOrd for PubVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for PubVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for PubVersion {}
