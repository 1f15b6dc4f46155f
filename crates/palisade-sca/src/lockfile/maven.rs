//! `pom.xml`: the project's direct dependencies (`<dependencies>`), with `${property}`
//! references resolved from `<properties>`, the project's and its parent's coordinates,
//! and versions taken from `<dependencyManagement>` when the dependency has none.
//! Parent POMs in other files, BOM imports and profiles are not resolved: a dependency
//! whose version stays unresolved is left out.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::{text, LockfileError, Package, Parsed};
use crate::Ecosystem;

fn child<'a>(n: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn child_text(n: Node, name: &str) -> Option<String> {
    child(n, name)
        .and_then(|c| c.text())
        .map(|t| t.trim().to_string())
}

fn resolve(value: &str, props: &HashMap<String, String>) -> String {
    let mut v = value.to_string();
    for _ in 0..10 {
        let Some(start) = v.find("${") else { break };
        let Some(end) = v[start..].find('}').map(|e| e + start) else {
            break;
        };
        let key = &v[start + 2..end];
        let Some(rep) = props.get(key) else { break };
        v = format!("{}{}{}", &v[..start], rep, &v[end + 1..]);
    }
    v
}

pub fn parse(input: &str) -> Parsed {
    let doc = Document::parse(input)
        .map_err(|e| LockfileError::new(Some(e.pos().row), format!("invalid XML: {e}")))?;
    let project = doc.root_element();
    if project.tag_name().name() != "project" {
        return Err(LockfileError::new(
            Some(1),
            "expected a <project> root element",
        ));
    }
    let mut props: HashMap<String, String> = HashMap::new();
    if let Some(p) = child(project, "properties") {
        for c in p.children().filter(|c| c.is_element()) {
            props.insert(
                c.tag_name().name().to_string(),
                c.text().unwrap_or("").trim().to_string(),
            );
        }
    }
    let parent = child(project, "parent");
    for (key, own, from_parent) in [
        ("version", "version", "version"),
        ("groupId", "groupId", "groupId"),
        ("artifactId", "artifactId", ""),
    ] {
        let value =
            child_text(project, own).or_else(|| parent.and_then(|p| child_text(p, from_parent)));
        if let Some(v) = value {
            props.insert(format!("project.{key}"), v.clone());
            props.insert(format!("pom.{key}"), v);
        }
    }
    if let Some(p) = parent {
        for key in ["version", "groupId", "artifactId"] {
            if let Some(v) = child_text(p, key) {
                props.insert(format!("project.parent.{key}"), v);
            }
        }
    }
    let managed: HashMap<String, String> = child(project, "dependencyManagement")
        .and_then(|m| child(m, "dependencies"))
        .map(|deps| {
            deps.children()
                .filter(|d| d.is_element() && d.tag_name().name() == "dependency")
                .filter_map(|d| {
                    let g = resolve(&child_text(d, "groupId")?, &props);
                    let a = resolve(&child_text(d, "artifactId")?, &props);
                    Some((
                        format!("{g}:{a}"),
                        resolve(&child_text(d, "version")?, &props),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    let Some(deps) = child(project, "dependencies") else {
        return Ok(out);
    };
    for d in deps
        .children()
        .filter(|d| d.is_element() && d.tag_name().name() == "dependency")
    {
        let (Some(g), Some(a)) = (child_text(d, "groupId"), child_text(d, "artifactId")) else {
            continue;
        };
        let name = format!("{}:{}", resolve(&g, &props), resolve(&a, &props));
        let version = match child_text(d, "version") {
            Some(v) => resolve(&v, &props),
            None => match managed.get(&name) {
                Some(v) => v.clone(),
                None => continue,
            },
        };
        // Unresolved properties and version ranges pin nothing.
        if version.contains("${") || version.starts_with(['[', '(']) || version.is_empty() {
            continue;
        }
        let line = text::line_at(input, d.range().start);
        let mut p = Package::new(Ecosystem::Maven, name, version, line);
        p.direct = Some(true);
        out.push(p);
    }
    Ok(out)
}
