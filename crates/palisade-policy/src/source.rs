//! Where Rego text came from, so regorus messages point at the user's file and line: a
//! `.rego` file maps one to one; the Rego inside a ConstraintTemplate is shifted by the
//! line its block scalar starts on.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::PolicyError;

/// Registered Rego sources: the name regorus knows → the file and the line offset.
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceMap {
    by_name: HashMap<String, (String, u32)>,
}

/// A regorus message taken apart.
pub(crate) struct Located {
    pub path: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl SourceMap {
    /// Registers `name` (given to regorus) as lines of `path` starting after `offset`.
    pub fn add(&mut self, name: &str, path: &str, offset: u32) {
        self.by_name
            .insert(name.to_string(), (path.to_string(), offset));
    }

    /// Splits a regorus error text into file, line, column and the message itself.
    pub fn locate_text(&self, text: &str) -> Located {
        static ARROW: OnceLock<Regex> = OnceLock::new();
        let arrow = ARROW
            .get_or_init(|| Regex::new(r"--> (.+):(\d+):(\d+)").unwrap_or_else(|_| unreachable!()));
        let Some(c) = arrow.captures_iter(text).last() else {
            return Located {
                path: None,
                line: None,
                column: None,
                message: one_line(text),
            };
        };
        let name = c.get(1).map_or("", |m| m.as_str());
        let line: u32 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        let column: u32 = c.get(3).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        let (path, offset) = self
            .by_name
            .get(name)
            .cloned()
            .unwrap_or_else(|| (name.to_string(), 0));
        // The message is what follows the last `error: ` of the snippet.
        let message = text.rsplit_once("error: ").map(|(_, m)| m).unwrap_or(text);
        Located {
            path: Some(path),
            line: Some(line + offset),
            column: Some(column),
            message: one_line(message),
        }
    }

    /// A load-time error from regorus, as a [`PolicyError`] on `fallback` when regorus
    /// names no file.
    pub fn policy_error(&self, fallback: &str, err: &str) -> PolicyError {
        let l = self.locate_text(err);
        PolicyError {
            path: l.path.unwrap_or_else(|| fallback.to_string()),
            line: l.line,
            column: l.column,
            message: l.message,
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
