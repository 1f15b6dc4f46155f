//! The OSV record format (<https://ossf.github.io/osv-schema/>), read leniently: absent
//! and `null` fields are empty, unknown fields are ignored, so a record from a newer
//! schema version still loads.

use serde::{Deserialize, Deserializer};

fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// One OSV record.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Record {
    /// Identifier, e.g. `GHSA-xxxx-xxxx-xxxx`, `RUSTSEC-2021-0001`, `PYSEC-2020-342`.
    pub id: String,
    /// Last modification time (RFC 3339).
    #[serde(default, deserialize_with = "nullable")]
    pub modified: String,
    /// Publication time.
    #[serde(default, deserialize_with = "nullable")]
    pub published: String,
    /// Set when the record was withdrawn; withdrawn records never match.
    #[serde(default, deserialize_with = "nullable")]
    pub withdrawn: String,
    /// Other ids of the same vulnerability (CVE, GHSA, ...).
    #[serde(default, deserialize_with = "nullable")]
    pub aliases: Vec<String>,
    /// Ids of records this one was derived from.
    #[serde(default, deserialize_with = "nullable")]
    pub upstream: Vec<String>,
    /// One-line summary.
    #[serde(default, deserialize_with = "nullable")]
    pub summary: String,
    /// Longer description (Markdown).
    #[serde(default, deserialize_with = "nullable")]
    pub details: String,
    /// Severity scores of the whole record.
    #[serde(default, deserialize_with = "nullable")]
    pub severity: Vec<SeverityEntry>,
    /// Affected packages.
    #[serde(default, deserialize_with = "nullable")]
    pub affected: Vec<Affected>,
    /// References.
    #[serde(default, deserialize_with = "nullable")]
    pub references: Vec<Reference>,
    /// Database-specific data (GHSA puts its `severity` word here).
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

/// A `severity[]` entry.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SeverityEntry {
    /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`.
    #[serde(rename = "type", default, deserialize_with = "nullable")]
    pub kind: String,
    /// The vector (or, for `Ubuntu`, the priority word).
    #[serde(default, deserialize_with = "nullable")]
    pub score: String,
}

/// A reference.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Reference {
    /// `ADVISORY`, `WEB`, `FIX`, ...
    #[serde(rename = "type", default, deserialize_with = "nullable")]
    pub kind: String,
    /// The URL.
    #[serde(default, deserialize_with = "nullable")]
    pub url: String,
}

/// An `affected[]` entry.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Affected {
    /// The package; records without one cannot match a lockfile entry.
    #[serde(default)]
    pub package: Option<Package>,
    /// Per-package severity.
    #[serde(default, deserialize_with = "nullable")]
    pub severity: Vec<SeverityEntry>,
    /// Version ranges.
    #[serde(default, deserialize_with = "nullable")]
    pub ranges: Vec<Range>,
    /// Explicitly affected versions.
    #[serde(default, deserialize_with = "nullable")]
    pub versions: Vec<VersionString>,
    /// Ecosystem-specific data.
    #[serde(default)]
    pub ecosystem_specific: Option<serde_json::Value>,
    /// Database-specific data.
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

/// A version in a `versions` list or an event: a string in the schema, but YAML sources
/// may hold a bare number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VersionString(pub String);

impl<'de> Deserialize<'de> for VersionString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(VersionString(match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }))
    }
}

/// A package.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Package {
    /// OSV ecosystem, possibly with a release (`Debian:12`).
    #[serde(default, deserialize_with = "nullable")]
    pub ecosystem: String,
    /// Package name as the ecosystem spells it.
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// Package URL.
    #[serde(default, deserialize_with = "nullable")]
    pub purl: String,
}

/// A `ranges[]` entry.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Range {
    /// `SEMVER`, `ECOSYSTEM` or `GIT`.
    #[serde(rename = "type", default, deserialize_with = "nullable")]
    pub kind: String,
    /// The events.
    #[serde(default, deserialize_with = "nullable")]
    pub events: Vec<Event>,
}

/// One event; exactly one field is set in a valid record.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Event {
    /// Start of an affected interval (`0` = since the beginning).
    #[serde(default)]
    pub introduced: Option<VersionString>,
    /// First version no longer affected.
    #[serde(default)]
    pub fixed: Option<VersionString>,
    /// Last affected version.
    #[serde(default)]
    pub last_affected: Option<VersionString>,
    /// Upper limit of the range.
    #[serde(default)]
    pub limit: Option<VersionString>,
}

/// Why a record could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// YAML → JSON, keeping the written text of floats: an unquoted version `1.10` in a
/// `versions` list must stay `1.10`, not become the number 1.1.
fn yaml_to_json(text: &str, node: &palisade_yaml::Node) -> serde_json::Value {
    use palisade_yaml::Value as Y;
    use serde_json::Value as J;
    match &node.value {
        Y::Float(_) => match crate::lockfile::yaml_raw_text(text, node) {
            Some(raw) => J::String(raw),
            None => node.to_json(),
        },
        Y::Seq(items) => J::Array(items.iter().map(|n| yaml_to_json(text, n)).collect()),
        Y::Map(pairs) => J::Object(
            pairs
                .iter()
                .map(|(k, v)| {
                    let key = k.scalar_text().map(|c| c.into_owned()).unwrap_or_default();
                    (key, yaml_to_json(text, v))
                })
                .collect(),
        ),
        _ => node.to_json(),
    }
}

impl Record {
    /// Reads a JSON record.
    pub fn from_json(bytes: &[u8]) -> Result<Record, RecordError> {
        let r: Record = serde_json::from_slice(bytes).map_err(|e| RecordError {
            line: Some(e.line() as u32),
            message: e.to_string(),
        })?;
        r.checked()
    }

    /// Reads a YAML record (as the PyPA advisory database stores them). Timestamps stay
    /// strings.
    pub fn from_yaml(text: &str) -> Result<Record, RecordError> {
        let stream = palisade_yaml::load(text);
        if let Some(e) = stream.error {
            return Err(RecordError {
                line: Some(e.mark.line),
                message: e.message,
            });
        }
        let doc = stream.documents.into_iter().next().ok_or(RecordError {
            line: None,
            message: "empty YAML document".into(),
        })?;
        let r: Record =
            serde_json::from_value(yaml_to_json(text, &doc.root)).map_err(|e| RecordError {
                line: None,
                message: e.to_string(),
            })?;
        r.checked()
    }

    /// Reads JSON or YAML, chosen by the file name (`.yaml`/`.yml` are YAML).
    pub fn from_file_bytes(name: &str, bytes: &[u8]) -> Result<Record, RecordError> {
        if name.ends_with(".yaml") || name.ends_with(".yml") {
            let text = std::str::from_utf8(bytes).map_err(|e| RecordError {
                line: None,
                message: format!("not UTF-8: {e}"),
            })?;
            Record::from_yaml(text)
        } else {
            Record::from_json(bytes)
        }
    }

    fn checked(self) -> Result<Record, RecordError> {
        if self.id.trim().is_empty() {
            return Err(RecordError {
                line: None,
                message: "record has no `id`".into(),
            });
        }
        Ok(self)
    }

    /// True when the record has been withdrawn.
    pub fn is_withdrawn(&self) -> bool {
        !self.withdrawn.trim().is_empty()
    }
}
