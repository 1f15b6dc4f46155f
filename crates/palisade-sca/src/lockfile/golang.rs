//! `go.mod`: `require` lines (single and blocks), `// indirect` marks transitive
//! dependencies, `replace` directives applied (a module replaced by a local directory is
//! not a registry module and is dropped). The `go` directive is a minimum language
//! version, not the toolchain that builds the code, so no `stdlib` entry is made from it.

use super::{LockfileError, Package, Parsed};
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

pub fn parse(input: &str) -> Parsed {
    let mut reqs: Vec<Req> = Vec::new();
    let mut replaces: Vec<Replace> = Vec::new();
    let mut block: Option<String> = None;
    let mut saw_module = false;
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
    Ok(out)
}
