//! Git history and the staging area, read with gitoxide (no `git` process).
//!
//! [`scan_history`] scans every blob reachable from every reference (branches, tags,
//! remotes, stash), each blob once: commits are visited oldest first and a tree or blob
//! already seen is not entered again, so each finding is attributed to the first commit
//! that brought that content to that path. [`scan_staged`] scans what `git commit` would
//! record: index entries whose content differs from `HEAD`.
//!
//! Findings carry the commit as their object (`Commit/1a2b3c4d`) and say the author and
//! date in the title; their fingerprint is the same as for the working tree (rule, path,
//! secret), so one baseline serves both. Unreadable or corrupt objects are reported as
//! input errors and the walk goes on.

use std::collections::HashSet;

use gix::bstr::ByteSlice;
use gix::ObjectId;
use palisade_core::{Finding, InputError, ObjectRef};
use rayon::prelude::*;

use crate::walk::content_skip;
use crate::{Scanner, Target};

/// What a history or staged scan found.
#[derive(Debug, Default)]
pub struct GitReport {
    /// Findings, ordered by path and line.
    pub findings: Vec<Finding>,
    /// Objects or references that could not be read.
    pub errors: Vec<InputError>,
    /// Commits visited.
    pub commits: usize,
    /// Distinct blobs scanned.
    pub blobs: usize,
    /// Bytes scanned.
    pub bytes: u64,
    /// Blobs not scanned (binary, minified, over the size limit).
    pub skipped: usize,
}

/// Where a blob was first seen.
struct Origin {
    blob: ObjectId,
    path: String,
    commit: Option<CommitInfo>,
}

#[derive(Clone)]
struct CommitInfo {
    short: String,
    author: String,
    date: String,
}

/// Opens the repository at (or above) `repo_path`; a failure is recorded in `report`.
fn discover(repo_path: &std::path::Path, report: &mut GitReport) -> Option<gix::Repository> {
    match gix::discover(repo_path) {
        Ok(r) => Some(r),
        Err(e) => {
            let shown = repo_path.display().to_string();
            report
                .errors
                .push(error(&shown, format!("not a git repository: {e}")));
            None
        }
    }
}

/// Scans every blob of the history of the repository at (or above) `repo_path`.
pub fn scan_history(
    scanner: &Scanner,
    repo_path: &std::path::Path,
    max_blob_size: u64,
) -> GitReport {
    let mut report = GitReport::default();
    let shown = repo_path.display().to_string();
    let Some(repo) = discover(repo_path, &mut report) else {
        return report;
    };
    let mut tips = Vec::new();
    match repo.references() {
        Ok(platform) => match platform.all() {
            Ok(iter) => {
                for r in iter {
                    match r {
                        Ok(mut r) => {
                            if let Ok(id) = r.peel_to_id() {
                                tips.push(id.detach());
                            }
                        }
                        Err(e) => report
                            .errors
                            .push(error(&shown, format!("bad reference: {e}"))),
                    }
                }
            }
            Err(e) => report
                .errors
                .push(error(&shown, format!("cannot list references: {e}"))),
        },
        Err(e) => report
            .errors
            .push(error(&shown, format!("cannot list references: {e}"))),
    }
    if let Ok(head) = repo.head_id() {
        tips.push(head.detach());
    }
    tips.sort();
    tips.dedup();
    // Only commits start a walk (tags to trees or blobs are skipped).
    tips.retain(|id| {
        repo.find_object(*id)
            .is_ok_and(|o| o.kind == gix::object::Kind::Commit)
    });
    let mut commits = Vec::new();
    match repo.rev_walk(tips).all() {
        Ok(walk) => {
            for info in walk {
                match info {
                    Ok(info) => commits.push(info.id),
                    Err(e) => report
                        .errors
                        .push(error(&shown, format!("history walk: {e}"))),
                }
            }
        }
        Err(e) => report
            .errors
            .push(error(&shown, format!("history walk: {e}"))),
    }
    commits.reverse();
    report.commits = commits.len();

    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut origins = Vec::new();
    for id in commits {
        let commit = match repo.find_commit(id) {
            Ok(c) => c,
            Err(e) => {
                report
                    .errors
                    .push(error(&shown, format!("commit {id}: {e}")));
                continue;
            }
        };
        let info = CommitInfo {
            short: id.to_hex_with_len(8).to_string(),
            author: commit
                .author()
                .map(|a| a.name.to_str_lossy().trim().to_string())
                .unwrap_or_default(),
            date: commit.time().map(|t| date(t.seconds)).unwrap_or_default(),
        };
        let tree = match commit.tree_id() {
            Ok(t) => t.detach(),
            Err(e) => {
                report
                    .errors
                    .push(error(&shown, format!("commit {id}: {e}")));
                continue;
            }
        };
        collect_blobs(
            &repo,
            tree,
            Some(&info),
            &mut seen,
            &mut origins,
            &mut report,
            &shown,
        );
    }
    scan_origins(scanner, repo, origins, max_blob_size, report)
}

/// Scans what is staged: index entries whose blob is not in `HEAD` at the same path.
pub fn scan_staged(
    scanner: &Scanner,
    repo_path: &std::path::Path,
    max_blob_size: u64,
) -> GitReport {
    let mut report = GitReport::default();
    let shown = repo_path.display().to_string();
    let Some(repo) = discover(repo_path, &mut report) else {
        return report;
    };
    let mut in_head: HashSet<(String, ObjectId)> = HashSet::new();
    if let Ok(tree) = repo.head_tree_id() {
        let mut seen = HashSet::new();
        let mut origins = Vec::new();
        collect_blobs(
            &repo,
            tree.detach(),
            None,
            &mut seen,
            &mut origins,
            &mut report,
            &shown,
        );
        in_head.extend(origins.into_iter().map(|o| (o.path, o.blob)));
    }
    let index = match repo.open_index() {
        Ok(i) => i,
        Err(e) => {
            report
                .errors
                .push(error(&shown, format!("cannot read the index: {e}")));
            return report;
        }
    };
    let mut origins = Vec::new();
    for entry in index.entries() {
        if entry.mode.is_submodule() || entry.stage_raw() != 0 {
            continue;
        }
        let path = entry.path(&index).to_str_lossy().into_owned();
        if !in_head.contains(&(path.clone(), entry.id)) {
            origins.push(Origin {
                blob: entry.id,
                path,
                commit: None,
            });
        }
    }
    scan_origins(scanner, repo, origins, max_blob_size, report)
}

/// Walks a tree, recording each blob not seen before with its path.
fn collect_blobs(
    repo: &gix::Repository,
    root: ObjectId,
    commit: Option<&CommitInfo>,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<Origin>,
    report: &mut GitReport,
    shown: &str,
) {
    let hash_kind = repo.object_hash();
    let mut stack = vec![(root, String::new())];
    while let Some((tree_id, prefix)) = stack.pop() {
        if !seen.insert(tree_id) {
            continue;
        }
        let tree = match repo.find_object(tree_id) {
            Ok(o) => o,
            Err(e) => {
                report
                    .errors
                    .push(error(shown, format!("tree {tree_id}: {e}")));
                continue;
            }
        };
        for entry in gix::objs::TreeRefIter::from_bytes(&tree.data, hash_kind) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    report
                        .errors
                        .push(error(shown, format!("corrupt tree {tree_id}: {e}")));
                    break;
                }
            };
            let path = if prefix.is_empty() {
                entry.filename.to_str_lossy().into_owned()
            } else {
                format!("{prefix}/{}", entry.filename.to_str_lossy())
            };
            let id = entry.oid.to_owned();
            if entry.mode.is_tree() {
                stack.push((id, path));
            } else if entry.mode.is_blob() && seen.insert(id) {
                out.push(Origin {
                    blob: id,
                    path,
                    commit: commit.cloned(),
                });
            }
        }
    }
}

/// Reads and scans the blobs in parallel (one repository handle per thread).
fn scan_origins(
    scanner: &Scanner,
    repo: gix::Repository,
    origins: Vec<Origin>,
    max_blob_size: u64,
    mut report: GitReport,
) -> GitReport {
    let shown_repo = repo.git_dir().display().to_string();
    let git_dir = repo.git_dir().to_path_buf();
    drop(repo);
    let results: Vec<(Vec<Finding>, Option<InputError>, u64, bool)> = origins
        .par_iter()
        .map_init(
            // Each thread opens its own handle (gitoxide's repository is not `Sync` here).
            || gix::open(&git_dir),
            |repo, o| {
                let repo = match repo {
                    Ok(r) => r,
                    Err(e) => {
                        let msg = format!("cannot open the repository: {e}");
                        return (Vec::new(), Some(error(&shown_repo, msg)), 0, false);
                    }
                };
                let blob = match repo.find_object(o.blob) {
                    Ok(b) => b,
                    Err(e) => {
                        let msg = format!("blob {} ({}): {e}", o.blob, o.path);
                        return (Vec::new(), Some(error(&shown_repo, msg)), 0, false);
                    }
                };
                if blob.data.len() as u64 > max_blob_size || content_skip(&blob.data).is_some() {
                    return (Vec::new(), None, 0, true);
                }
                let mut found = scanner.scan(
                    &Target {
                        shown: &o.path,
                        repo_path: &o.path,
                    },
                    &blob.data,
                );
                if let Some(c) = &o.commit {
                    for f in &mut found {
                        f.title = format!(
                            "{} — added in {} by {} on {}",
                            f.title, c.short, c.author, c.date
                        );
                        f.location.object = Some(ObjectRef {
                            kind: "Commit".into(),
                            namespace: None,
                            name: c.short.clone(),
                        });
                    }
                } else {
                    for f in &mut found {
                        f.title = format!("{} (staged)", f.title);
                    }
                }
                (found, None, blob.data.len() as u64, false)
            },
        )
        .collect();
    for (found, err, bytes, skipped) in results {
        report.findings.extend(found);
        report.errors.extend(err);
        report.bytes += bytes;
        if skipped {
            report.skipped += 1;
        } else if bytes > 0 {
            report.blobs += 1;
        }
    }
    report.findings.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.line,
            a.location.column,
            &a.rule,
        )
            .cmp(&(
                &b.location.path,
                b.location.line,
                b.location.column,
                &b.rule,
            ))
    });
    report
}

fn error(path: &str, message: String) -> InputError {
    InputError {
        path: path.to_string(),
        line: None,
        column: None,
        message,
    }
}

/// `YYYY-MM-DD` (UTC) of a Unix time.
fn date(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .map(|t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
        .unwrap_or_default()
}
