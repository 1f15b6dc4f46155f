//! NuGet versions: SemVer with up to four numeric components (`1.0.0.1`), missing ones
//! zero, pre-release labels compared case-insensitively, build metadata ignored.

use std::cmp::Ordering;

use super::cmp_padded;
use super::semver::{cmp_pre, SemVer};

/// A NuGet version.
#[derive(Clone, Debug)]
pub struct NuGetVersion(SemVer);

impl NuGetVersion {
    /// Parses any string.
    pub fn parse(text: &str) -> NuGetVersion {
        NuGetVersion(SemVer::parse(&text.to_ascii_lowercase(), 4))
    }
}

impl Ord for NuGetVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_padded(&self.0.components, &other.0.components)
            .then_with(|| cmp_pre(&self.0.pre, &other.0.pre))
    }
}

impl PartialOrd for NuGetVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for NuGetVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for NuGetVersion {}
