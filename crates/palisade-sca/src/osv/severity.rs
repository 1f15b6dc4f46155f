//! Severity of an advisory: the CVSS base score computed from the record's vectors (v4
//! preferred over v3.x, as GitHub shows them), else the database's own word (GHSA
//! `database_specific.severity`, Ubuntu priority).

use std::str::FromStr;

use palisade_core::Severity;
use serde::{Deserialize, Serialize};

use super::record::{Record, SeverityEntry};

/// What we know about an advisory's severity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SeverityInfo {
    /// The level, when known.
    pub level: Option<Severity>,
    /// CVSS base score, when computed from a vector.
    pub score: Option<f64>,
    /// The CVSS vector the score came from.
    pub vector: Option<String>,
    /// Where the level came from: `CVSS_V4`, `CVSS_V3`, `database_specific`, `Ubuntu`.
    pub source: Option<String>,
}

/// The CVSS qualitative rating of a base score.
pub fn level_of_score(score: f64) -> Severity {
    if score >= 9.0 {
        Severity::Critical
    } else if score >= 7.0 {
        Severity::High
    } else if score >= 4.0 {
        Severity::Medium
    } else if score > 0.0 {
        Severity::Low
    } else {
        Severity::Info
    }
}

/// The base score of a CVSS v3.0/v3.1 or v4.0 vector. Temporal/threat and environmental
/// metrics in the vector are ignored (they do not change the base score).
pub fn base_score(vector: &str) -> Option<f64> {
    let v = vector.trim();
    if v.starts_with("CVSS:3.") {
        // The cvss crate parses base metrics only: drop any others first.
        const BASE: [&str; 8] = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"];
        let mut parts = v.split('/');
        let prefix = parts.next()?;
        let kept: Vec<&str> = parts
            .filter(|p| p.split(':').next().is_some_and(|k| BASE.contains(&k)))
            .collect();
        let text = format!("{prefix}/{}", kept.join("/"));
        return cvss::v3::Base::from_str(&text)
            .ok()
            .map(|b| b.score().value());
    }
    if v.starts_with("CVSS:4.0") {
        let vec = cvss::v4::Vector::from_str(v).ok()?;
        return Some(cvss::v4::Score::from(&vec).value());
    }
    None
}

fn word_level(word: &str) -> Option<Severity> {
    Some(match word.trim().to_ascii_lowercase().as_str() {
        "critical" => Severity::Critical,
        "high" | "important" => Severity::High,
        "moderate" | "medium" => Severity::Medium,
        "low" | "negligible" => Severity::Low,
        "none" | "informational" | "info" => Severity::Info,
        _ => return None,
    })
}

fn from_entries(entries: &[SeverityEntry]) -> Option<SeverityInfo> {
    for kind in ["CVSS_V4", "CVSS_V3"] {
        for e in entries.iter().filter(|e| e.kind == kind) {
            if let Some(score) = base_score(&e.score) {
                return Some(SeverityInfo {
                    level: Some(level_of_score(score)),
                    score: Some(score),
                    vector: Some(e.score.clone()),
                    source: Some(kind.to_string()),
                });
            }
        }
    }
    entries
        .iter()
        .filter(|e| e.kind == "Ubuntu")
        .find_map(|e| word_level(&e.score))
        .map(|level| SeverityInfo {
            level: Some(level),
            source: Some("Ubuntu".into()),
            ..SeverityInfo::default()
        })
}

/// The severity of `record`, optionally narrowed to one `affected[]` entry.
pub fn of_record(record: &Record, affected_index: Option<usize>) -> SeverityInfo {
    let affected = affected_index.and_then(|i| record.affected.get(i));
    if let Some(info) = from_entries(&record.severity) {
        return info;
    }
    if let Some(info) = affected.and_then(|a| from_entries(&a.severity)) {
        return info;
    }
    let db_word = |v: &Option<serde_json::Value>| {
        v.as_ref()
            .and_then(|d| d.get("severity"))
            .and_then(|s| s.as_str())
            .and_then(word_level)
    };
    let fallback = db_word(&record.database_specific)
        .or_else(|| affected.and_then(|a| db_word(&a.database_specific)))
        .or_else(|| affected.and_then(|a| db_word(&a.ecosystem_specific)));
    if let Some(level) = fallback {
        return SeverityInfo {
            level: Some(level),
            source: Some("database_specific".into()),
            ..SeverityInfo::default()
        };
    }
    SeverityInfo::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cvss_v3_and_v4_base_scores() {
        // FIRST calculator values.
        assert_eq!(
            base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            Some(9.8)
        );
        assert_eq!(
            base_score("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"),
            Some(6.1)
        );
        // Temporal metrics do not change the base score.
        assert_eq!(
            base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:W/RC:C"),
            Some(6.1)
        );
        assert_eq!(
            base_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            Some(9.3)
        );
        assert_eq!(base_score("AV:N/AC:L/Au:N/C:P/I:P/A:P"), None);
        assert_eq!(level_of_score(9.3), Severity::Critical);
        assert_eq!(level_of_score(6.9), Severity::Medium);
    }
}
