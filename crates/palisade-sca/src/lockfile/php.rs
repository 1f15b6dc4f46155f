//! `composer.lock`: `packages` and `packages-dev`.

use serde_json::Value;

use super::text::{self, JsonLines};
use super::{LockfileError, Package, Parsed};
use crate::Ecosystem;

pub fn parse(input: &str) -> Parsed {
    let doc = text::json(input)?;
    if !doc.is_object() {
        return Err(LockfileError::new(Some(1), "expected a JSON object"));
    }
    let lines = JsonLines::new(input);
    let mut out = Vec::new();
    for section in ["packages", "packages-dev"] {
        let Some(list) = doc.get(section).and_then(Value::as_array) else {
            continue;
        };
        for (i, p) in list.iter().enumerate() {
            let (Some(name), Some(version)) = (
                p.get("name").and_then(Value::as_str),
                p.get("version").and_then(Value::as_str),
            ) else {
                continue;
            };
            if version.starts_with("dev-") {
                continue;
            }
            out.push(Package::new(
                Ecosystem::Packagist,
                name,
                version,
                lines.get(&[section, &i.to_string()]),
            ));
        }
    }
    Ok(out)
}
