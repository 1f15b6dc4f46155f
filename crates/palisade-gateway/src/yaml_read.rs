//! Strict, positioned reading of YAML nodes into typed values.
//!
//! Every config error must say `file:line:col: reason`, and an unknown key must be an error
//! (a typo such as `rate_limt` would otherwise silently drop a protection). These helpers
//! keep that discipline in one place so the config structs stay declarative.

use std::fmt;
use std::time::Duration;

use palisade_yaml::{Mark, Node, Value};

/// A configuration error with the file and position that caused it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The config file as the user named it.
    pub file: String,
    /// Where in the file (line 0 when the problem has no position, e.g. unreadable file).
    pub mark: Mark,
    /// What is wrong and, where possible, what was expected.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mark.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.mark, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

/// Builds errors that carry the config file name.
#[derive(Clone)]
pub(crate) struct Ctx<'f> {
    pub file: &'f str,
}

impl Ctx<'_> {
    pub fn err(&self, mark: Mark, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.to_string(),
            mark,
            message: message.into(),
        }
    }

    /// Checks that `node` is a mapping whose keys are all in `valid`; returns its entries.
    pub fn map<'n>(
        &self,
        node: &'n Node,
        what: &str,
        valid: &[&str],
    ) -> Result<Map<'n>, ConfigError> {
        let Value::Map(pairs) = &node.value else {
            return Err(self.err(node.mark, format!("`{what}` must be a mapping")));
        };
        for (k, _) in pairs {
            let key = k.as_str().unwrap_or("");
            if !valid.contains(&key) {
                return Err(self.err(
                    k.mark,
                    format!(
                        "unknown key `{}` in `{what}`, expected one of: {}",
                        k.scalar_text().unwrap_or_default(),
                        valid.join(", ")
                    ),
                ));
            }
        }
        Ok(Map { node, pairs })
    }

    pub fn string(&self, node: &Node, what: &str) -> Result<String, ConfigError> {
        match &node.value {
            Value::Str(s) => Ok(s.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                Ok(node.scalar_text().unwrap_or_default().into_owned())
            }
            _ => Err(self.err(node.mark, format!("`{what}` must be a string"))),
        }
    }

    pub fn strings(&self, node: &Node, what: &str) -> Result<Vec<(String, Mark)>, ConfigError> {
        let Value::Seq(items) = &node.value else {
            return Err(self.err(node.mark, format!("`{what}` must be a list")));
        };
        items
            .iter()
            .map(|i| Ok((self.string(i, what)?, i.mark)))
            .collect()
    }

    pub fn uint(&self, node: &Node, what: &str) -> Result<u64, ConfigError> {
        match node.as_i64() {
            Some(i) if i >= 0 => Ok(i as u64),
            _ => Err(self.err(
                node.mark,
                format!("`{what}` must be a non-negative integer"),
            )),
        }
    }

    pub fn number(&self, node: &Node, what: &str) -> Result<f64, ConfigError> {
        match node.value {
            Value::Int(i) if i > 0 => Ok(i as f64),
            Value::Float(f) if f > 0.0 && f.is_finite() => Ok(f),
            _ => Err(self.err(node.mark, format!("`{what}` must be a positive number"))),
        }
    }

    pub fn boolean(&self, node: &Node, what: &str) -> Result<bool, ConfigError> {
        node.as_bool()
            .ok_or_else(|| self.err(node.mark, format!("`{what}` must be true or false")))
    }

    /// Durations are written `250ms`, `5s` or `2m`; a bare integer means milliseconds.
    pub fn duration(&self, node: &Node, what: &str) -> Result<Duration, ConfigError> {
        if let Some(ms) = node.as_i64() {
            if ms >= 0 {
                return Ok(Duration::from_millis(ms as u64));
            }
        }
        let text = node.as_str().unwrap_or("");
        parse_duration(text).ok_or_else(|| {
            self.err(
                node.mark,
                format!("`{what}` must be a duration such as `250ms`, `5s` or `2m`"),
            )
        })
    }
}

fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (num, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit())?);
    let n: u64 = num.parse().ok()?;
    match unit {
        "ms" => Some(Duration::from_millis(n)),
        "s" => Some(Duration::from_secs(n)),
        "m" => Some(Duration::from_secs(n.checked_mul(60)?)),
        _ => None,
    }
}

/// A checked mapping.
pub(crate) struct Map<'n> {
    pub node: &'n Node,
    pairs: &'n [(Node, Node)],
}

impl<'n> Map<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    pub fn require(&self, ctx: &Ctx<'_>, key: &str, what: &str) -> Result<&'n Node, ConfigError> {
        self.get(key)
            .ok_or_else(|| ctx.err(self.node.mark, format!("`{what}` needs `{key}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("5s"), Some(Duration::from_secs(5)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("5h"), None);
        assert_eq!(parse_duration("s"), None);
    }
}
