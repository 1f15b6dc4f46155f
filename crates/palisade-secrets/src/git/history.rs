//! The commits of a repository: where the references point, and every commit reachable
//! from there, parents before children.
//!
//! The walk is ours rather than gitoxide's `rev_walk`, whose error for a commit it cannot
//! decode does not say which commit: here an unreadable commit is reported with its id,
//! checked against it, and the walk goes on with everything else it can reach (other
//! branches, tags, the commits after the damaged one). It also knows which reference led
//! to a tip that cannot be read, where the reference listing alone dropped it silently. Loose references and `packed-refs` are read separately
//! for the same reason: a damaged `packed-refs` must not hide the loose branches, and its
//! errors must name it.

use std::collections::HashSet;

use gix::bstr::ByteSlice;
use gix::object::Kind;
use gix::ObjectId;
use palisade_core::InputError;

use super::read::{read, reason};
use super::{date, error};

/// What a finding says about the commit that brought a blob.
#[derive(Clone)]
pub(super) struct CommitInfo {
    pub short: String,
    pub author: String,
    pub date: String,
}

/// A readable commit.
pub(super) struct Commit {
    pub id: ObjectId,
    pub tree: ObjectId,
    /// Its parents (none at a shallow clone's boundary): a range finds its boundary by them.
    pub parents: Vec<ObjectId>,
    pub info: CommitInfo,
}

/// The commits that the references (branches, tags, remotes, stash, a detached `HEAD`)
/// lead to; tags of trees or blobs are left out.
pub(super) fn tips(
    repo: &gix::Repository,
    shown: &str,
    errors: &mut Vec<InputError>,
) -> Vec<ObjectId> {
    let mut named: Vec<(String, ObjectId)> = Vec::new();
    let mut loose = HashSet::new();
    match repo.refs.loose_iter() {
        Ok(iter) => {
            for r in iter {
                match r {
                    Ok(r) => {
                        let name = r.name.as_bstr().to_str_lossy().into_owned();
                        if let gix::refs::Target::Object(id) = r.target {
                            named.push((name.clone(), id));
                        }
                        loose.insert(name);
                    }
                    Err(e) => errors.push(error(shown, format!("bad reference: {}", reason(&e)))),
                }
            }
        }
        Err(e) => errors.push(error(shown, format!("cannot list references: {e}"))),
    }
    let packed = repo.refs.packed_refs_path().display().to_string();
    match repo.refs.cached_packed_buffer() {
        Ok(Some(buffer)) => match buffer.iter() {
            Ok(iter) => {
                for r in iter {
                    match r {
                        Ok(r) => {
                            let name = r.name.as_bstr().to_str_lossy().into_owned();
                            if !loose.contains(&name) {
                                named.push((name, r.target()));
                            }
                        }
                        Err(e) => errors.push(error(&packed, reason(&e))),
                    }
                }
            }
            Err(e) => errors.push(error(&packed, reason(&e))),
        },
        Ok(None) => {}
        Err(e) => errors.push(error(&packed, format!("cannot be read: {}", reason(&e)))),
    }
    match repo.head() {
        Ok(head) => {
            if let gix::head::Kind::Detached { target, .. } = head.kind {
                named.push(("HEAD".into(), target));
            }
        }
        Err(e) => errors.push(error(shown, format!("HEAD: {}", reason(&e)))),
    }
    let mut tips = Vec::new();
    for (name, id) in named {
        match peel(repo, id) {
            Ok(Some(commit)) => tips.push(commit),
            Ok(None) => {}
            Err(why) => errors.push(error(shown, format!("reference {name} ({id}): {why}"))),
        }
    }
    tips.sort();
    tips.dedup();
    tips
}

/// The commit that `id` is or that its tags lead to; `None` for a tree or a blob.
pub(super) fn peel(repo: &gix::Repository, mut id: ObjectId) -> Result<Option<ObjectId>, String> {
    // Tags of tags are legal; a cycle is not possible with real hashes, but a damaged
    // tag must not loop.
    for _ in 0..32 {
        let object = repo.find_object(id).map_err(|e| reason(&e))?;
        match object.kind {
            Kind::Commit => return Ok(Some(id)),
            Kind::Tag => {
                id = gix::objs::TagRefIter::from_bytes(&object.data, id.kind())
                    .target_id()
                    .map_err(|e| format!("tag {id}: {}", reason(&e)))?;
            }
            Kind::Tree | Kind::Blob => return Ok(None),
        }
    }
    Err("more than 32 tags in a row".into())
}

/// Every commit reachable from `tips`, each after its parents (so the first commit to bring
/// a blob is visited first). Unreadable commits are reported and skipped; their parents are
/// then reached only through other paths. Parents of a shallow clone's boundary are not
/// looked for. Commits in `hidden` are not visited, nor are their parents through them (a
/// range `A..B`: `hidden` is what `A` reaches).
pub(super) fn commits(
    repo: &gix::Repository,
    tips: &[ObjectId],
    hidden: &HashSet<ObjectId>,
    shown: &str,
    errors: &mut Vec<InputError>,
) -> Vec<Commit> {
    let shallow: HashSet<ObjectId> = match repo.shallow_commits() {
        Ok(list) => list
            .map(|l| l.iter().copied().collect())
            .unwrap_or_default(),
        Err(e) => {
            errors.push(error(shown, format!("shallow: {}", reason(&e))));
            HashSet::new()
        }
    };
    let mut visited = hidden.clone();
    let mut out = Vec::new();
    // Depth first, iteratively (histories are deeper than a thread's stack): a commit is
    // emitted once all its parents have been.
    let mut stack: Vec<(Commit, Vec<ObjectId>)> = Vec::new();
    for &tip in tips {
        let mut next = Some(tip);
        loop {
            if let Some(id) = next.take() {
                if visited.insert(id) {
                    stack.extend(read_commit(repo, id, &shallow, shown, errors));
                }
            }
            let Some((_, parents)) = stack.last_mut() else {
                break;
            };
            next = parents.pop();
            if next.is_none() {
                if let Some((commit, _)) = stack.pop() {
                    out.push(commit);
                }
            }
        }
    }
    out
}

/// Reads commit `id`: its tree, what a finding says about it, and its parents (those to
/// visit, last first). `None` when unreadable (reported).
fn read_commit(
    repo: &gix::Repository,
    id: ObjectId,
    shallow: &HashSet<ObjectId>,
    shown: &str,
    errors: &mut Vec<InputError>,
) -> Option<(Commit, Vec<ObjectId>)> {
    let checked = match read(repo, id, Kind::Commit) {
        Ok(c) => c,
        Err(why) => {
            errors.push(error(shown, format!("commit {id}: {why}")));
            return None;
        }
    };
    if let Some(why) = checked.damage {
        errors.push(error(shown, format!("commit {id}: {why}")));
    }
    let commit = match gix::objs::CommitRef::from_bytes(&checked.object.data, id.kind()) {
        Ok(c) => c,
        Err(e) => {
            let why = reason(&e);
            errors.push(error(
                shown,
                format!("commit {id}: cannot be decoded: {why}"),
            ));
            return None;
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
    // Reversed: the walk pops the first parent first.
    let mut parents: Vec<ObjectId> = if shallow.contains(&id) {
        Vec::new()
    } else {
        commit.parents().collect()
    };
    let commit = Commit {
        id,
        tree: commit.tree(),
        parents: parents.clone(),
        info,
    };
    parents.reverse();
    Some((commit, parents))
}
