//! `go.mod`: `require` lines (single and blocks), `// indirect` marks transitive
//! dependencies, `replace` directives applied (a module replaced by a local directory is
//! not a registry module and is dropped). The `go` directive is a minimum language
//! version, not the toolchain that builds the code, so no `stdlib` entry is made from it.
//!
//! Before Go 1.17 a go.mod lists only direct requirements; the modules the build really
//! used are in `go.sum` beside it (lines with a module hash, not only a `/go.mod` hash).
//! For such go.mod files those modules are added as transitive, at their go.sum line,
//! the highest version of each (what minimal version selection picked).

use std::path::Path;

use super::{text, LockfileError, Package, Parsed};
use crate::version::{self, Scheme};
use crate::Ecosystem;

const VERBS: [&str; 10] = [
    "module",
    "go",
    "toolchain",
    "godebug",
    "require",
    "replace",
    "exclude",
    "retract",
    "tool",
    "ignore",
];

struct Req {
    path: String,
    version: String,
    indirect: bool,
    line: u32,
}

/// `replace old [version] => new version` (target `None`: a local directory).
type Replace = (String, Option<String>, Option<(String, String)>);

fn unquote(s: &str) -> String {
    s.trim().trim_matches('"').trim_matches('`').to_string()
}

pub fn parse(input: &str, path: &Path) -> Parsed {
    let mut reqs: Vec<Req> = Vec::new();
    let mut replaces: Vec<Replace> = Vec::new();
    let mut block: Option<String> = None;
    let mut saw_module = false;
    let mut go_version: Option<String> = None;
    for (i, raw) in input.lines().enumerate() {
        let line_no = i as u32 + 1;
        let (code, comment) = match raw.find("//") {
            Some(c) => (&raw[..c], &raw[c + 2..]),
            None => (raw, ""),
        };
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        let (verb, args): (String, &str) = match &block {
            Some(v) if code == ")" => {
                let _ = v;
                block = None;
                continue;
            }
            Some(v) => (v.clone(), code),
            None => {
                let (v, rest) = code.split_once(char::is_whitespace).unwrap_or((code, ""));
                if !VERBS.contains(&v) {
                    return Err(LockfileError::new(
                        Some(line_no),
                        format!("unknown directive `{v}`"),
                    ));
                }
                let rest = rest.trim();
                if rest == "(" {
                    block = Some(v.to_string());
                    continue;
                }
                (v.to_string(), rest)
            }
        };
        match verb.as_str() {
            "module" => saw_module = true,
            "go" => go_version = Some(args.trim().to_string()),
            "require" => {
                let parts: Vec<&str> = args.split_whitespace().collect();
                if parts.len() != 2 {
                    return Err(LockfileError::new(
                        Some(line_no),
                        format!("usage: require module/path v1.2.3, found `{args}`"),
                    ));
                }
                reqs.push(Req {
                    path: unquote(parts[0]),
                    version: unquote(parts[1]),
                    indirect: comment.trim().split(';').any(|c| c.trim() == "indirect"),
                    line: line_no,
                });
            }
            "replace" => {
                let Some((old, new)) = args.split_once("=>") else {
                    return Err(LockfileError::new(Some(line_no), "replace without `=>`"));
                };
                let old: Vec<String> = old.split_whitespace().map(unquote).collect();
                let new: Vec<String> = new.split_whitespace().map(unquote).collect();
                let (Some(op), Some(np)) = (old.first(), new.first()) else {
                    return Err(LockfileError::new(
                        Some(line_no),
                        "replace needs a module on each side",
                    ));
                };
                let target = if np.starts_with("./")
                    || np.starts_with("../")
                    || np.starts_with('/')
                    || new.len() < 2
                {
                    None
                } else {
                    Some((np.clone(), new[1].clone()))
                };
                replaces.push((op.clone(), old.get(1).cloned(), target));
            }
            _ => {}
        }
    }
    if block.is_some() {
        return Err(LockfileError::new(
            Some(input.lines().count() as u32),
            "unterminated `(` block",
        ));
    }
    if !saw_module && !reqs.is_empty() && input.trim_start().starts_with('{') {
        return Err(LockfileError::new(Some(1), "not a go.mod file"));
    }
    let required: Vec<String> = reqs.iter().map(|r| r.path.clone()).collect();
    let mut out = Vec::new();
    'reqs: for r in reqs {
        let (mut path, mut version) = (r.path.clone(), r.version.clone());
        for (old, old_v, target) in &replaces {
            if *old == r.path && old_v.as_ref().is_none_or(|v| *v == r.version) {
                match target {
                    None => continue 'reqs,
                    Some((p, v)) => {
                        path = p.clone();
                        version = v.clone();
                    }
                }
            }
        }
        let mut p = Package::new(Ecosystem::Go, path, version, r.line);
        p.direct = Some(!r.indirect);
        out.push(p);
    }
    let before_117 = go_version
        .as_deref()
        .is_some_and(|v| version::compare(Scheme::Go, v, "1.17") == std::cmp::Ordering::Less);
    if before_117 {
        let sum = path.with_file_name("go.sum");
        if let Ok(bytes) = text::read_bounded(&sum) {
            let text = text::decode(&bytes)?;
            for (module, ver, line) in go_sum_modules(&text) {
                if required.contains(&module) || replaces.iter().any(|(old, _, _)| *old == module) {
                    continue;
                }
                let mut p = Package::new(Ecosystem::Go, module, ver, line);
                p.direct = Some(false);
                p.file = Some(sum.clone());
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// Modules with a module hash in go.sum: the highest version of each, with its line.
fn go_sum_modules(text: &str) -> Vec<(String, String, u32)> {
    let mut best: Vec<(String, String, u32)> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let mut parts = l.split_whitespace();
        let (Some(module), Some(ver), Some(_hash)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if ver.ends_with("/go.mod") {
            continue;
        }
        match best.iter_mut().find(|(m, _, _)| m == module) {
            Some(entry) => {
                if version::compare(Scheme::Go, ver, &entry.1) == std::cmp::Ordering::Greater {
                    entry.1 = ver.to_string();
                    entry.2 = i as u32 + 1;
                }
            }
            None => best.push((module.to_string(), ver.to_string(), i as u32 + 1)),
        }
    }
    best
}
