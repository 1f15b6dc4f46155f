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
//! secret), so one baseline serves both.
//!
//! A damaged repository is scanned as far as it can be: each unreadable or corrupt object
//! (loose or packed), reference, pack file or index is reported as an input error naming
//! the object id or the file and the reason, and the walk goes on with everything else it
//! can reach. Objects are checked against their ids, since a flipped byte inside a zlib
//! stream does not always make inflating fail; a blob whose content does not match its id
//! is reported and still scanned (the undamaged part may hold a secret).

mod history;
mod packs;
mod read;

use std::collections::HashSet;

use gix::bstr::ByteSlice;
use gix::object::Kind;
use gix::ObjectId;
use palisade_core::{Finding, InputError, ObjectRef};
use rayon::prelude::*;

use history::CommitInfo;
use read::{read, reason};

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

/// Opens the repository at (or above) `repo_path`; a failure is recorded in `report`.
fn discover(repo_path: &std::path::Path, report: &mut GitReport) -> Option<gix::Repository> {
    match gix::discover(repo_path) {
        Ok(r) => Some(r),
        Err(e) => {
            let shown = repo_path.display().to_string();
            report.errors.push(error(
                &shown,
                format!("not a git repository: {}", reason(&e)),
            ));
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
    scan_range(scanner, repo_path, max_blob_size, None)
}

/// Scans the blobs that the commits of `range` bring, as `git log RANGE` lists the commits:
/// `A..B` is what `B` reaches and `A` does not (an empty `A` is `HEAD`), `A..` the same
/// from every reference, `B` alone everything `B` reaches; `None` is every reference's
/// whole history. In a range, content that the commits just outside it (the parents the
/// range starts from) already had is not new and is not scanned, as `git log -p A..B`
/// shows no diff for it: a pull request's CI scans what the pull request brings.
pub fn scan_range(
    scanner: &Scanner,
    repo_path: &std::path::Path,
    max_blob_size: u64,
    range: Option<&str>,
) -> GitReport {
    let mut report = GitReport::default();
    let shown = repo_path.display().to_string();
    let Some(repo) = discover(repo_path, &mut report) else {
        return report;
    };
    let (tips, hidden) = match range {
        None => (history::tips(&repo, &shown, &mut report.errors), Vec::new()),
        Some(range) => match resolve_range(&repo, range) {
            Ok((hide, show)) => {
                let tips = match show {
                    Some(id) => vec![id],
                    None => history::tips(&repo, &shown, &mut report.errors),
                };
                let hidden = match hide {
                    Some(id) => {
                        history::commits(&repo, &[id], &HashSet::new(), &shown, &mut report.errors)
                    }
                    None => Vec::new(),
                };
                (tips, hidden)
            }
            Err(why) => {
                report
                    .errors
                    .push(error(&shown, format!("range `{range}`: {why}")));
                return report;
            }
        },
    };
    let hidden_ids: HashSet<ObjectId> = hidden.iter().map(|c| c.id).collect();
    let commits = history::commits(&repo, &tips, &hidden_ids, &shown, &mut report.errors);
    report.commits = commits.len();

    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut origins = Vec::new();
    // The content the range starts from: every tree and blob of the hidden parents of its
    // commits is marked seen, so only what the range brings is scanned.
    let boundary: HashSet<ObjectId> = commits
        .iter()
        .flat_map(|c| c.parents.iter())
        .filter(|p| hidden_ids.contains(*p))
        .copied()
        .collect();
    // Their blobs are only marked seen, never scanned.
    let mut already_there = Vec::new();
    for commit in hidden.iter().filter(|c| boundary.contains(&c.id)) {
        collect_blobs(
            &repo,
            commit.tree,
            Some(&commit.info),
            &mut seen,
            &mut already_there,
            &mut report,
            &shown,
        );
    }
    for commit in commits {
        collect_blobs(
            &repo,
            commit.tree,
            Some(&commit.info),
            &mut seen,
            &mut origins,
            &mut report,
            &shown,
        );
    }
    scan_origins(scanner, repo, origins, max_blob_size, report, &shown)
}

/// The commits to hide and to start from in a `git log`-style range (see [`scan_range`]).
fn resolve_range(
    repo: &gix::Repository,
    range: &str,
) -> Result<(Option<ObjectId>, Option<ObjectId>), String> {
    if range.contains("...") {
        return Err("symmetric differences (`A...B`) are not supported; use `A..B`".into());
    }
    let commit = |spec: &str| -> Result<ObjectId, String> {
        let id = repo
            .rev_parse_single(spec)
            .map_err(|e| format!("cannot resolve `{spec}`: {}", reason(&e)))?
            .detach();
        match history::peel(repo, id) {
            Ok(Some(commit)) => Ok(commit),
            Ok(None) => Err(format!("`{spec}` is not a commit")),
            Err(why) => Err(format!("`{spec}` ({id}): {why}")),
        }
    };
    match range.split_once("..") {
        Some((hide, show)) => {
            let hide = commit(if hide.is_empty() { "HEAD" } else { hide })?;
            let show = if show.is_empty() {
                None
            } else {
                Some(commit(show)?)
            };
            Ok((Some(hide), show))
        }
        None if range.is_empty() => Err("empty range".into()),
        None => Ok((None, Some(commit(range)?))),
    }
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
    match repo.head_tree_id() {
        Ok(tree) => {
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
        // No commit yet: everything in the index is staged.
        Err(_) if repo.head().is_ok_and(|h| h.is_unborn()) => {}
        Err(e) => report.errors.push(error(
            &shown,
            format!(
                "HEAD: {} (every index entry is scanned as staged)",
                reason(&e)
            ),
        )),
    }
    // No index file yet (nothing was ever staged) is an empty index, not an error.
    let index = match repo.index_or_empty() {
        Ok(i) => i,
        Err(e) => {
            let path = repo.index_path().display().to_string();
            report
                .errors
                .push(error(&path, format!("cannot be read: {}", reason(&e))));
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
    scan_origins(scanner, repo, origins, max_blob_size, report, &shown)
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
        let place = match (prefix.as_str(), commit) {
            ("", Some(c)) => format!("root of commit {}", c.short),
            ("", None) => "root".to_string(),
            (dir, _) => dir.to_string(),
        };
        let tree = match read(repo, tree_id, Kind::Tree) {
            Ok(t) => t,
            Err(why) => {
                report
                    .errors
                    .push(error(shown, format!("tree {tree_id} ({place}): {why}")));
                continue;
            }
        };
        if let Some(why) = tree.damage {
            report
                .errors
                .push(error(shown, format!("tree {tree_id} ({place}): {why}")));
        }
        for entry in gix::objs::TreeRefIter::from_bytes(&tree.object.data, hash_kind) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    report.errors.push(error(
                        shown,
                        format!("tree {tree_id} ({place}): corrupt entry: {}", reason(&e)),
                    ));
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

/// Reads and scans the blobs in parallel (one repository handle per thread); if anything
/// could not be read, checks the pack files to say which is damaged.
fn scan_origins(
    scanner: &Scanner,
    repo: gix::Repository,
    origins: Vec<Origin>,
    max_blob_size: u64,
    mut report: GitReport,
    shown: &str,
) -> GitReport {
    let git_dir = repo.git_dir().to_path_buf();
    let objects_dir = repo.objects.store_ref().path().to_path_buf();
    let hash = repo.object_hash();
    drop(repo);
    let results: Vec<(Vec<Finding>, Vec<InputError>, u64, bool)> = origins
        .par_iter()
        .map_init(
            // Each thread opens its own handle (gitoxide's repository is not `Sync` here).
            || gix::open(&git_dir),
            |repo, o| {
                let repo = match repo {
                    Ok(r) => r,
                    Err(e) => {
                        let msg = format!("cannot open the repository: {}", reason(&*e));
                        return (Vec::new(), vec![error(shown, msg)], 0, false);
                    }
                };
                let (blob, errors) = match read(repo, o.blob, Kind::Blob) {
                    Ok(b) => {
                        let damage = b.damage.map(|why| {
                            error(shown, format!("blob {} ({}): {why}", o.blob, o.path))
                        });
                        (b.object, damage.into_iter().collect())
                    }
                    Err(why) => {
                        let msg = format!("blob {} ({}): {why}", o.blob, o.path);
                        return (Vec::new(), vec![error(shown, msg)], 0, false);
                    }
                };
                if blob.data.len() as u64 > max_blob_size || content_skip(&blob.data).is_some() {
                    return (Vec::new(), errors, 0, true);
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
                (found, errors, blob.data.len() as u64, false)
            },
        )
        .collect();
    for (found, errors, bytes, skipped) in results {
        report.findings.extend(found);
        report.errors.extend(errors);
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
    if !report.errors.is_empty() {
        packs::check(&objects_dir, hash, &mut report.errors);
    }
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
