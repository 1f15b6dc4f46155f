//! One CEL validation, and how a check over containers becomes one.

use crate::expr::quote;

/// One entry of a policy's `spec.validations`, tied to the Palisade rule it implements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validation {
    /// The Palisade rule id (`K8S021`); every message starts with it, which is how a
    /// person (and the agreement test) tells which rule denied a request.
    pub rule: &'static str,
    /// Must evaluate to `true` for the object to be admitted.
    pub expression: String,
    /// Shown when the expression is `false` (and when `message_expression` fails).
    pub message: String,
    /// A message naming the offending containers or fields.
    pub message_expression: Option<String>,
}

/// A check that fails when some container of `list` (a `variables.*` list) matches `bad`
/// (a CEL predicate over `c`). `exempt`, when given, is a pod-level condition under which
/// the check passes (a Windows pod, a user-namespace pod). The message expression names
/// the offending containers: `<head>: container(s) a, b <tail>`.
pub(crate) fn containers(
    rule: &'static str,
    head: &str,
    list: &str,
    bad: &str,
    exempt: Option<&str>,
    tail: &str,
) -> Validation {
    let all = format!("!{list}.exists(c, {bad})");
    let expression = match exempt {
        Some(e) => format!("{e}\n|| {all}"),
        None => all,
    };
    let lead = quote(&format!("{rule} {head}: container(s) "));
    let end = quote(&format!(" {tail}"));
    Validation {
        rule,
        expression,
        message: format!("{rule} {head}: containers {tail}"),
        message_expression: Some(format!(
            "{lead} + {list}.filter(c, {bad}).map(c, has(c.name) ? c.name : '<unnamed>').join(', ') + {end}"
        )),
    }
}

/// A pod-level check: `ok` is the whole expression.
pub(crate) fn pod(rule: &'static str, head: &str, ok: String, message: &str) -> Validation {
    Validation {
        rule,
        expression: ok,
        message: format!("{rule} {head}: {message}"),
        message_expression: None,
    }
}
