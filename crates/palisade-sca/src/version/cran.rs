//! CRAN (R `package_version`) versions: integers separated by `.` or `-`, compared as
//! lists (a longer list is greater when the shared part is equal: `1.0 < 1.0-0`).

use std::cmp::Ordering;

use super::{cmp_padded, is_digits};

/// A CRAN version.
#[derive(Clone, Debug)]
pub struct CranVersion {
    components: Vec<String>,
}

impl CranVersion {
    /// Parses any string; non-numeric parts are ignored.
    pub fn parse(text: &str) -> CranVersion {
        CranVersion {
            components: text
                .trim()
                .split(['.', '-'])
                .filter(|s| is_digits(s))
                .map(str::to_string)
                .collect(),
        }
    }
}

impl Ord for CranVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_padded(&self.components, &other.components)
            .then_with(|| self.components.len().cmp(&other.components.len()))
    }
}

impl PartialOrd for CranVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for CranVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for CranVersion {}
