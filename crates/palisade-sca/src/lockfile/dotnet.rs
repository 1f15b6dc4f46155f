//! NuGet `packages.lock.json`: every target framework's `Direct`, `Transitive` and
//! `CentralTransitive` packages (`Project` references are local).

use serde_json::Value;

use super::text::{self, JsonLines};
use super::{LockfileError, Package, Parsed};
use crate::Ecosystem;

pub fn parse(input: &str) -> Parsed {
    let doc = text::json(input)?;
    let Some(frameworks) = doc.get("dependencies").and_then(Value::as_object) else {
        return Err(LockfileError::new(
            Some(1),
            "expected a `dependencies` object",
        ));
    };
    let lines = JsonLines::new(input);
    let mut out = Vec::new();
    for (fw, deps) in frameworks {
        let Some(deps) = deps.as_object() else {
            continue;
        };
        for (name, d) in deps {
            let kind = d.get("type").and_then(Value::as_str).unwrap_or("");
            if kind == "Project" {
                continue;
            }
            let Some(v) = d.get("resolved").and_then(Value::as_str) else {
                continue;
            };
            let mut p = Package::new(
                Ecosystem::NuGet,
                name,
                v,
                lines.get(&["dependencies", fw, name]),
            );
            p.direct = Some(kind == "Direct");
            out.push(p);
        }
    }
    Ok(out)
}
