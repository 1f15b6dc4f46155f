//! Errors a person can act on: which file, which line, what is wrong.

use std::fmt;

/// A policy that cannot be loaded: unreadable file, malformed YAML, Rego that does not
/// compile, a Constraint without its ConstraintTemplate. Loading stops at the first one,
/// because a gate that silently drops a broken policy lets through what it should stop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    /// File the problem is in, as given (or found under a given directory).
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
    /// What is wrong, for a person.
    pub message: String,
}

impl PolicyError {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        PolicyError {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub(crate) fn at(
        path: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        PolicyError {
            path: path.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PolicyError {}

/// A policy that failed while evaluating one object (a builtin error, conflicting values,
/// a time limit). The other policies still ran; an admission gate decides whether such a
/// failure denies (fail closed) or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    /// The policy: `file.rego` with its rule, or `Kind/name` of a Constraint.
    pub policy: String,
    /// File and line of the Rego that failed, when regorus tells.
    pub location: Option<String>,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {}: {}", self.policy, self.message),
            None => write!(f, "{}: {}", self.policy, self.message),
        }
    }
}

impl std::error::Error for EvalError {}
