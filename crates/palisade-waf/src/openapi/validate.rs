//! Checking one request against the compiled path items.

use http::Method;
use serde_json::Value;

use super::load::{Operation, ParamIn, PathItem, Segment};
use super::{ApiViolation, MatchedOperation, ViolationKind};
use crate::detection::sanitize;
use crate::inspect::{form_decode, MediaType};

pub(crate) fn validate(
    paths: &[PathItem],
    method: &Method,
    path: &str,
    query: Option<&str>,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<MatchedOperation, ApiViolation> {
    let request: Vec<String> = path
        .strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .map(crate::path::decode_segment_lossy)
        .collect();
    let (item, path_params) = paths
        .iter()
        .find_map(|item| match_template(item, &request).map(|params| (item, params)))
        .ok_or_else(|| {
            ApiViolation::new(
                ViolationKind::UnknownPath,
                "no API path matches the request path",
            )
        })?;
    // HEAD is served by GET when the document does not list it.
    let op = item
        .operations
        .iter()
        .find(|o| o.method == *method)
        .or_else(|| {
            (*method == Method::HEAD)
                .then(|| item.operations.iter().find(|o| o.method == Method::GET))
                .flatten()
        })
        .ok_or_else(|| {
            let mut v = ApiViolation::new(
                ViolationKind::MethodNotAllowed,
                format!("method {method} is not allowed on `{}`", item.template),
            );
            v.allow = item.operations.iter().map(|o| o.method.clone()).collect();
            v
        })?;
    check_params(op, &path_params, query)?;
    check_body(op, content_type, body)?;
    Ok(MatchedOperation {
        method: method.clone(),
        path_template: item.template.clone(),
        operation_id: op.operation_id.clone(),
        path_params,
    })
}

fn match_template(item: &PathItem, request: &[String]) -> Option<Vec<(String, String)>> {
    if item.segments.len() != request.len() {
        return None;
    }
    let mut params = Vec::new();
    for (seg, actual) in item.segments.iter().zip(request) {
        match seg {
            Segment::Literal(text) => {
                if text != actual {
                    return None;
                }
            }
            Segment::Param {
                prefix,
                name,
                suffix,
            } => {
                let value = actual
                    .strip_prefix(prefix.as_str())?
                    .strip_suffix(suffix.as_str())?;
                if value.is_empty() {
                    return None;
                }
                params.push((name.clone(), value.to_owned()));
            }
        }
    }
    Some(params)
}

fn check_params(
    op: &Operation,
    path_params: &[(String, String)],
    query: Option<&str>,
) -> Result<(), ApiViolation> {
    let pairs: Vec<(String, String)> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k.as_bytes()), form_decode(v.as_bytes()))
        })
        .collect();
    for param in &op.params {
        let (place, values): (&str, Vec<&str>) = match param.location {
            ParamIn::Path => (
                "path parameter",
                path_params
                    .iter()
                    .filter(|(n, _)| *n == param.name)
                    .map(|(_, v)| v.as_str())
                    .collect(),
            ),
            ParamIn::Query => (
                "query parameter",
                pairs
                    .iter()
                    .filter(|(n, _)| *n == param.name)
                    .map(|(_, v)| v.as_str())
                    .collect(),
            ),
            ParamIn::Other => continue,
        };
        let name = sanitize(&param.name, 48);
        if values.is_empty() {
            if param.required {
                return Err(ApiViolation::new(
                    ViolationKind::MissingParameter,
                    format!("required {place} `{name}` is missing"),
                ));
            }
            continue;
        }
        let Some(schema) = &param.schema else {
            continue;
        };
        let invalid = |why: String| {
            ApiViolation::new(
                ViolationKind::InvalidParameter,
                format!("{place} `{name}`: {why}"),
            )
        };
        let value = if param.ty.as_deref() == Some("array") {
            let items: Vec<&str> = if param.explode {
                values
            } else {
                values.iter().flat_map(|v| v.split(',')).collect()
            };
            Value::Array(
                items
                    .into_iter()
                    .map(|v| coerce(v, param.items_ty.as_deref()))
                    .collect::<Result<_, _>>()
                    .map_err(invalid)?,
            )
        } else {
            if values.len() > 1 {
                return Err(invalid("given more than once".into()));
            }
            coerce(values[0], param.ty.as_deref()).map_err(invalid)?
        };
        if let Err(e) = schema.validate(&value) {
            return Err(invalid(format!("fails `{}`", e.kind().keyword())));
        }
    }
    Ok(())
}

/// Turns parameter text into the JSON value its schema type expects.
fn coerce(text: &str, ty: Option<&str>) -> Result<Value, String> {
    match ty {
        Some("integer") => text
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| "expected an integer".to_owned()),
        Some("number") => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| "expected a number".to_owned()),
        Some("boolean") => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err("expected true or false".to_owned()),
        },
        _ => Ok(Value::String(text.to_owned())),
    }
}

fn check_body(op: &Operation, content_type: Option<&str>, body: &[u8]) -> Result<(), ApiViolation> {
    let Some(spec) = &op.body else {
        if body.is_empty() {
            return Ok(());
        }
        return Err(ApiViolation::new(
            ViolationKind::UnexpectedBody,
            "this operation takes no request body",
        ));
    };
    if body.is_empty() {
        if spec.required {
            return Err(ApiViolation::new(
                ViolationKind::MissingBody,
                "a request body is required",
            ));
        }
        return Ok(());
    }
    let Some(content_type) = content_type else {
        return Err(ApiViolation::new(
            ViolationKind::UnsupportedContentType,
            "the body has no Content-Type",
        ));
    };
    let media = MediaType::parse(content_type);
    let essence = media.essence.as_str();
    let (major, _) = essence.split_once('/').unwrap_or((essence, ""));
    let matched = spec
        .content
        .iter()
        .find(|(range, _)| range == essence)
        .or_else(|| {
            spec.content
                .iter()
                .find(|(range, _)| range.strip_suffix("/*") == Some(major))
        })
        .or_else(|| spec.content.iter().find(|(range, _)| range == "*/*"));
    let Some((_, validator)) = matched else {
        let accepted: Vec<&str> = spec.content.iter().map(|(r, _)| r.as_str()).collect();
        return Err(ApiViolation::new(
            ViolationKind::UnsupportedContentType,
            format!(
                "content type `{}` is not accepted (accepted: {})",
                sanitize(essence, 48),
                accepted.join(", ")
            ),
        ));
    };
    let is_json = essence == "application/json" || essence.ends_with("+json");
    if is_json {
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            ApiViolation::new(
                ViolationKind::InvalidBody,
                format!(
                    "the body is not valid JSON (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        if let Some(validator) = validator {
            if let Err(e) = validator.validate(&value) {
                let at = e.instance_path().to_string();
                let at = if at.is_empty() {
                    "/".to_owned()
                } else {
                    sanitize(&at, 64)
                };
                return Err(ApiViolation::new(
                    ViolationKind::InvalidBody,
                    format!("body at `{at}` fails `{}`", e.kind().keyword()),
                ));
            }
        }
    }
    Ok(())
}
