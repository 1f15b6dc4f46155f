//! Request validation against an OpenAPI 3.0 or 3.1 document.
//!
//! A zero-trust gateway lets through only what the API says it accepts: known paths and
//! methods, parameters of the declared types, bodies of the declared media types that fit
//! their JSON Schema. The document is read with `palisade-yaml` (YAML or JSON, with line
//! numbers for every error), local `$ref`s (`#/components/...`) are resolved, OpenAPI
//! 3.0's schema dialect (`nullable`, boolean `exclusiveMinimum`) is translated to JSON
//! Schema 2020-12, and each body schema is compiled once with the `jsonschema` crate.
//!
//! Deliberately not here: remote `$ref`s (files or URLs), header and cookie parameters,
//! response validation, security schemes (authentication is the gateway's own layer).

mod error;
mod load;
mod validate;

use std::path::{Path, PathBuf};

use http::Method;

pub use error::{ApiViolation, OpenApiError, ViolationKind};

/// The operation a valid request was matched to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchedOperation {
    /// The request method.
    pub method: Method,
    /// The path template as written in the document, e.g. `/orders/{id}`.
    pub path_template: String,
    /// The operation's `operationId`, if it has one.
    pub operation_id: Option<String>,
    /// Path parameters by name, percent-decoded.
    pub path_params: Vec<(String, String)>,
}

/// A loaded, compiled OpenAPI document, ready to validate requests. Build once at start;
/// [`OpenApi::validate`] takes `&self` and is safe to call from many threads.
#[derive(Debug)]
pub struct OpenApi {
    file: PathBuf,
    version: String,
    /// Path items, most specific template first.
    paths: Vec<load::PathItem>,
}

impl OpenApi {
    /// Reads and compiles the document at `path` (YAML or JSON, OpenAPI 3.0.x or 3.1.x).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, OpenApiError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| OpenApiError {
            file: path.to_path_buf(),
            line: None,
            column: None,
            message: format!("cannot read the OpenAPI document: {e}"),
        })?;
        Self::from_text(&text, path)
    }

    /// Compiles a document from text; `origin` names it in errors.
    pub fn from_text(text: &str, origin: impl AsRef<Path>) -> Result<Self, OpenApiError> {
        let file = origin.as_ref().to_path_buf();
        let (version, paths) = load::compile(text, &file)?;
        Ok(OpenApi {
            file,
            version,
            paths,
        })
    }

    /// The document's `openapi` version string (e.g. `3.0.3`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The file the document came from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Checks one request against the document. `path` is the normalised path (see
    /// [`crate::normalize_path`]) without the query; `query` is the raw query string
    /// without `?`; `content_type` is the request's `Content-Type` header; `body` the
    /// complete body (empty when there is none).
    pub fn validate(
        &self,
        method: &Method,
        path: &str,
        query: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<MatchedOperation, ApiViolation> {
        validate::validate(&self.paths, method, path, query, content_type, body)
    }
}
