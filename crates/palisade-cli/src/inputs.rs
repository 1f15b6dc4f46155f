//! Finding the inputs of a scan: explicit files, directories walked in parallel (honouring
//! .gitignore), or stdin. Nothing is skipped silently: `--debug` says why.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};
use palisade_core::InputError;

/// Where the bytes of an input come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

/// One input to scan.
#[derive(Debug, Clone)]
pub struct Input {
    /// Path as shown in findings.
    pub shown: String,
    /// Path relative to the repository root (for fingerprints).
    pub repo_path: String,
    /// Found by walking a directory (true) or named explicitly (false): walked files that
    /// do not look like Kubernetes manifests are skipped without parsing.
    pub discovered: bool,
    /// Where to read it.
    pub source: Source,
}

/// Extensions of manifest files found by walking.
const MANIFEST_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Collects inputs for `paths`; unreadable paths become errors.
pub fn collect(paths: &[String], no_ignore: bool, debug: bool) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in paths {
        if arg == "-" {
            inputs.push(Input {
                shown: "-".into(),
                repo_path: "-".into(),
                discovered: false,
                source: Source::Stdin,
            });
            continue;
        }
        let path = Path::new(arg);
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(InputError {
                    path: arg.clone(),
                    line: None,
                    column: None,
                    message: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        let repo = RepoRoot::find(path);
        if meta.is_file() {
            inputs.push(Input {
                shown: arg.clone(),
                repo_path: repo.relative(path, arg),
                discovered: false,
                source: Source::File(path.to_path_buf()),
            });
            continue;
        }
        let found = Mutex::new(Vec::new());
        let walk_errors = Mutex::new(Vec::new());
        WalkBuilder::new(path)
            .standard_filters(!no_ignore)
            .require_git(false)
            .follow_links(false)
            .build_parallel()
            .run(|| {
                Box::new(|entry| {
                    match entry {
                        Ok(e) => {
                            if e.file_type().is_some_and(|t| t.is_file()) {
                                let p = e.path();
                                let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
                                if MANIFEST_EXTENSIONS
                                    .iter()
                                    .any(|m| m.eq_ignore_ascii_case(ext))
                                {
                                    found.lock().expect("walk lock").push(p.to_path_buf());
                                } else if debug {
                                    eprintln!(
                                        "debug: skip {}: not a .yaml/.yml/.json file",
                                        p.display()
                                    );
                                }
                            }
                        }
                        Err(err) => walk_errors.lock().expect("walk lock").push(err.to_string()),
                    }
                    WalkState::Continue
                })
            });
        let mut found = found.into_inner().expect("walk lock");
        found.sort();
        for p in found {
            let shown = p.to_string_lossy().replace('\\', "/");
            inputs.push(Input {
                repo_path: repo.relative(&p, &shown),
                shown,
                discovered: true,
                source: Source::File(p),
            });
        }
        for message in walk_errors.into_inner().expect("walk lock") {
            errors.push(InputError {
                path: arg.clone(),
                line: None,
                column: None,
                message,
            });
        }
    }
    (inputs, errors)
}

/// The enclosing git repository, so fingerprints use repository-relative paths whatever
/// directory the scan starts from.
pub(crate) struct RepoRoot(Option<PathBuf>);

impl RepoRoot {
    pub(crate) fn find(path: &Path) -> RepoRoot {
        let Ok(abs) = std::fs::canonicalize(path) else {
            return RepoRoot(None);
        };
        RepoRoot(
            abs.ancestors()
                .find(|a| a.join(".git").exists())
                .map(Path::to_path_buf),
        )
    }

    pub(crate) fn relative(&self, path: &Path, shown: &str) -> String {
        let rel = self.0.as_ref().and_then(|root| {
            let abs = std::fs::canonicalize(path).ok()?;
            abs.strip_prefix(root)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"))
        });
        rel.unwrap_or_else(|| shown.trim_start_matches("./").to_string())
    }
}
