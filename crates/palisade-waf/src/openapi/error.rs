//! Errors of loading a spec, and violations of a request against it.

use std::fmt;
use std::path::PathBuf;

use http::{Method, StatusCode};

/// Why an OpenAPI document could not be used: the file, the line and column when known,
/// and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenApiError {
    /// The document's path (or the name given to [`super::OpenApi::from_text`]).
    pub file: PathBuf,
    /// 1-based line, when the problem has a place.
    pub line: Option<u32>,
    /// 1-based column, when the problem has a place.
    pub column: Option<u32>,
    /// What is wrong and, where possible, what to do.
    pub message: String,
}

impl fmt::Display for OpenApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for OpenApiError {}

/// What about a request does not match the API description.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ViolationKind {
    /// No path template matches the request path.
    UnknownPath,
    /// The path exists but not with this method.
    MethodNotAllowed,
    /// A required path, query parameter is missing.
    MissingParameter,
    /// A parameter's value does not fit its schema (type, enum, pattern, range).
    InvalidParameter,
    /// The operation requires a body and none was sent.
    MissingBody,
    /// A body was sent to an operation that declares none.
    UnexpectedBody,
    /// The body's content type is not one the operation accepts.
    UnsupportedContentType,
    /// The body does not parse or does not fit its schema.
    InvalidBody,
}

/// A request that does not match the API description, with a short reason that never
/// quotes the body or parameter values (they may carry secrets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiViolation {
    /// What kind of mismatch.
    pub kind: ViolationKind,
    /// One line for the audit log and the client, e.g. `query parameter \`limit\`: expected integer`.
    pub reason: String,
    /// For [`ViolationKind::MethodNotAllowed`]: the methods the path allows (for `Allow`).
    pub allow: Vec<Method>,
}

impl ApiViolation {
    pub(crate) fn new(kind: ViolationKind, reason: impl Into<String>) -> Self {
        ApiViolation {
            kind,
            reason: reason.into(),
            allow: Vec::new(),
        }
    }

    /// The status a gateway should answer with.
    pub fn status(&self) -> StatusCode {
        match self.kind {
            ViolationKind::UnknownPath => StatusCode::NOT_FOUND,
            ViolationKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ViolationKind::UnsupportedContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// A stable rule id for audit logs and metrics.
    pub fn rule(&self) -> &'static str {
        match self.kind {
            ViolationKind::UnknownPath => "API-UNKNOWN-PATH",
            ViolationKind::MethodNotAllowed => "API-METHOD-NOT-ALLOWED",
            ViolationKind::MissingParameter => "API-MISSING-PARAMETER",
            ViolationKind::InvalidParameter => "API-INVALID-PARAMETER",
            ViolationKind::MissingBody => "API-MISSING-BODY",
            ViolationKind::UnexpectedBody => "API-UNEXPECTED-BODY",
            ViolationKind::UnsupportedContentType => "API-UNSUPPORTED-CONTENT-TYPE",
            ViolationKind::InvalidBody => "API-INVALID-BODY",
        }
    }
}

impl fmt::Display for ApiViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule(), self.reason)
    }
}

impl std::error::Error for ApiViolation {}
