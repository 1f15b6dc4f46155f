//! Inspection settings, read from the gateway's YAML or JSON configuration with serde.

use serde::{Deserialize, Serialize};

/// How much the detectors trust a request, in the spirit of the OWASP Core Rule Set's
/// paranoia levels: level 1 flags only forms that are almost never benign; each level
/// above adds broader signatures that catch more evasions and cost more false positives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Paranoia(u8);

impl Paranoia {
    /// Level 1: the default; fit for any API.
    pub const LOW: Paranoia = Paranoia(1);
    /// Level 2: adds bare SQL/HTML keyword combinations and quote breaks without payload.
    pub const MEDIUM: Paranoia = Paranoia(2);
    /// Level 3: adds single suspicious tokens (`<svg`, `/*`, `information_schema`).
    pub const HIGH: Paranoia = Paranoia(3);
    /// Level 4: everything, for endpoints that take no free text at all.
    pub const MAX: Paranoia = Paranoia(4);

    /// The level as a number from 1 to 4.
    pub fn level(self) -> u8 {
        self.0
    }
}

impl Default for Paranoia {
    fn default() -> Self {
        Paranoia::LOW
    }
}

impl TryFrom<u8> for Paranoia {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        if (1..=4).contains(&value) {
            Ok(Paranoia(value))
        } else {
            Err(format!("paranoia level must be 1 to 4, got {value}"))
        }
    }
}

impl From<Paranoia> for u8 {
    fn from(p: Paranoia) -> u8 {
        p.0
    }
}

/// What the inspector looks for and how much of a request it reads.
///
/// Block or detect-only is the gateway's decision (it gets the same detections either way).
/// Unknown keys are refused so a typo (`paranioa: 3`) is an error, not a silent default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "snake_case")]
pub struct WafConfig {
    /// Detect SQL injection.
    pub sqli: bool,
    /// Detect cross-site scripting.
    pub xss: bool,
    /// Paranoia level, 1 (default) to 4.
    pub paranoia: Paranoia,
    /// Bytes of a body (or query) inspected; the rest is not looked at. The gateway should
    /// refuse or flag larger bodies itself when that matters.
    pub max_inspect_bytes: usize,
    /// Deepest JSON nesting walked; deeper values are not inspected.
    pub max_json_depth: usize,
    /// Most detections returned for one call (the first ones found).
    pub max_detections: usize,
}

impl Default for WafConfig {
    fn default() -> Self {
        WafConfig {
            sqli: true,
            xss: true,
            paranoia: Paranoia::LOW,
            max_inspect_bytes: 64 * 1024,
            max_json_depth: 32,
            max_detections: 8,
        }
    }
}
