//! Baselines: a file of fingerprints of accepted findings, so a scan reports only what is new.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Finding;

/// The on-disk baseline format (JSON).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Baseline {
    /// Format version.
    pub schema_version: String,
    /// Accepted findings.
    pub findings: Vec<BaselineEntry>,
}

/// One accepted finding. Only `fingerprint` is used for matching; the rest helps people.
#[derive(Debug, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// Rule id when written.
    pub rule: String,
    /// Stable fingerprint.
    pub fingerprint: String,
    /// File, for people.
    pub path: String,
    /// Title, for people.
    pub title: String,
}

impl Baseline {
    /// A baseline accepting every given finding.
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        Baseline {
            schema_version: "1".into(),
            findings: findings
                .iter()
                .map(|f| BaselineEntry {
                    rule: f.rule.to_string(),
                    fingerprint: f.fingerprint.clone(),
                    path: f.location.path.clone(),
                    title: f.title.clone(),
                })
                .collect(),
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read baseline: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("{}:{}: invalid baseline: {e}", path.display(), e.line()))
    }

    /// Writes the baseline as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).expect("baseline serializes");
        std::fs::write(path, text + "\n")
            .map_err(|e| format!("{}: cannot write baseline: {e}", path.display()))
    }

    /// Removes findings already in the baseline; returns how many were removed.
    pub fn filter(&self, findings: &mut Vec<Finding>) -> usize {
        let known: HashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let before = findings.len();
        findings.retain(|f| !known.contains(f.fingerprint.as_str()));
        before - findings.len()
    }
}
