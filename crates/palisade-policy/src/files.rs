//! Finding policy files under the given paths: `.rego` files, and YAML/JSON files that
//! may hold Gatekeeper documents. Sorted, so load order (and so error order) is stable.

use std::path::{Path, PathBuf};

use crate::PolicyError;

/// One file found, with the path shown in messages and findings.
pub(crate) struct PolicyFile {
    pub shown: String,
    pub text: String,
    pub kind: FileKind,
}

/// What a file is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum FileKind {
    Rego,
    Yaml,
}

fn kind_of(path: &Path) -> Option<FileKind> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("rego") => Some(FileKind::Rego),
        Some("yaml" | "yml" | "json") => Some(FileKind::Yaml),
        _ => None,
    }
}

/// Policy files under `paths` (files are taken as given; directories are walked,
/// skipping hidden entries).
pub(crate) fn collect(paths: &[PathBuf]) -> Result<Vec<PolicyFile>, PolicyError> {
    let mut found = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            PolicyError::new(
                p.display().to_string(),
                format!("cannot read policy path: {e}"),
            )
        })?;
        if meta.is_dir() {
            walk(p, &mut found)?;
        } else if let Some(k) = kind_of(p) {
            found.push((p.clone(), k));
        } else {
            return Err(PolicyError::new(
                p.display().to_string(),
                "not a policy file (expected .rego, or .yaml/.yml/.json with Gatekeeper documents)",
            ));
        }
    }
    found.sort();
    found.dedup();
    found
        .into_iter()
        .map(|(path, kind)| {
            let shown = path.display().to_string().replace('\\', "/");
            let text = std::fs::read_to_string(&path)
                .map_err(|e| PolicyError::new(&shown, format!("cannot read: {e}")))?;
            Ok(PolicyFile { shown, text, kind })
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, FileKind)>) -> Result<(), PolicyError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        PolicyError::new(
            dir.display().to_string(),
            format!("cannot list directory: {e}"),
        )
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| {
            PolicyError::new(
                dir.display().to_string(),
                format!("cannot list directory: {e}"),
            )
        })?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir {
            walk(&path, out)?;
        } else if let Some(k) = kind_of(&path) {
            out.push((path, k));
        }
    }
    Ok(())
}
