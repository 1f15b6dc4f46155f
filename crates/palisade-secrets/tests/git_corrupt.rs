//! Damaged repositories: corrupt loose objects, packfiles and indexes, bad references
//! and a bad staging area. Each damage is reported with the object id (or the file) and
//! the reason, nothing panics, and what is intact is still scanned.
//!
//! The repositories are made with the `git` command and then damaged byte by byte, as a
//! failing disk, an interrupted copy or a careless tool would.

use std::path::{Path, PathBuf};

use palisade_secrets::git::{scan_history, scan_staged, GitReport};
use palisade_secrets::Scanner;

mod common;
use common::{commit_file, filler, flip, flip_middle, git, loose, repo, rev, token, truncate};

/// The intact part of every repository below: a valid token in `keep.txt`.
fn plant(dir: &Path) {
    let t = token("Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8Ol9Pp0");
    commit_file(dir, "keep.txt", &format!("GH={t}\n"), "keep");
}

fn history(dir: &Path) -> GitReport {
    scan_history(Scanner::default_scanner(), dir, u64::MAX)
}

/// The paths of the findings, in order.
fn found(r: &GitReport) -> Vec<&str> {
    r.findings
        .iter()
        .map(|f| f.location.path.as_str())
        .collect()
}

/// Some error mentions every one of `needles`.
#[track_caller]
fn assert_reported(r: &GitReport, needles: &[&str]) {
    assert!(
        r.errors.iter().any(|e| needles
            .iter()
            .all(|n| e.message.contains(n) || e.path.contains(n))),
        "no error mentions all of {needles:?}: {:#?}",
        r.errors
    );
}

/// The single pack of the repository, after `git repack -a -d`.
fn pack(dir: &Path) -> (PathBuf, PathBuf) {
    git(dir, &["repack", "-a", "-d", "-q"]);
    let packs = dir.join(".git/objects/pack");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&packs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pack"))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    let pack = found.remove(0);
    (pack.clone(), pack.with_extension("idx"))
}

/// The offset and the packed size of object `id` in the pack indexed by `idx`.
fn packed_at(dir: &Path, idx: &Path, id: &str) -> (usize, usize) {
    let listing = git(dir, &["verify-pack", "-v", idx.to_str().unwrap()]);
    let line = listing
        .lines()
        .find(|l| l.starts_with(id))
        .unwrap_or_else(|| panic!("{id} not in the pack:\n{listing}"));
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cols.len(), 5, "{id} is a delta, not a whole object: {line}");
    (cols[4].parse().unwrap(), cols[3].parse().unwrap())
}

#[test]
fn a_loose_blob_with_flipped_bytes_is_reported_and_the_rest_scanned() {
    let dir = repo();
    plant(dir.path());
    commit_file(dir.path(), "data.txt", &filler(1, 200), "data");
    let id = rev(dir.path(), "HEAD:data.txt");
    flip_middle(&loose(dir.path(), &id));
    let r = history(dir.path());
    assert_reported(&r, &[&id, "data.txt", "corrupt"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

#[test]
fn a_truncated_loose_blob_is_reported_and_the_rest_scanned() {
    let dir = repo();
    plant(dir.path());
    commit_file(dir.path(), "data.txt", &filler(2, 200), "data");
    let id = rev(dir.path(), "HEAD:data.txt");
    let path = loose(dir.path(), &id);
    let len = std::fs::metadata(&path).unwrap().len();
    truncate(&path, len / 2);
    let r = history(dir.path());
    assert_reported(&r, &[&id, "data.txt", "size mismatch"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

#[test]
fn an_empty_loose_blob_file_is_reported() {
    let dir = repo();
    plant(dir.path());
    commit_file(dir.path(), "data.txt", &filler(3, 20), "data");
    let id = rev(dir.path(), "HEAD:data.txt");
    truncate(&loose(dir.path(), &id), 0);
    let r = history(dir.path());
    assert_reported(&r, &[&id, "Empty"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// A commit in the middle of the history is unreadable: its id is reported, the commits
/// after it are scanned, and so are those before it that another reference reaches.
#[test]
fn a_corrupt_commit_in_the_middle_is_reported_and_the_walk_goes_on() {
    let dir = repo();
    let old = token("Mn3Bv4Cx5Za6Sd7Fg8Hj9Kl0Qw1Er2");
    commit_file(dir.path(), "old.env", &format!("GH={old}\n"), "old");
    git(dir.path(), &["tag", "v1"]);
    commit_file(dir.path(), "b.txt", "b\n", "b");
    let broken = rev(dir.path(), "HEAD");
    git(dir.path(), &["rm", "-q", "old.env"]);
    git(dir.path(), &["commit", "-q", "-m", "drop old"]);
    plant(dir.path());
    flip_middle(&loose(dir.path(), &broken));
    let r = history(dir.path());
    assert_reported(&r, &[&broken]);
    assert_eq!(found(&r), ["keep.txt", "old.env"]);
    assert_eq!(r.commits, 3, "v1, drop old and keep; not the broken one");
}

/// The commit a branch points at is unreadable: reported, and the other branches scanned.
#[test]
fn a_corrupt_tip_commit_is_reported_and_other_branches_scanned() {
    let dir = repo();
    plant(dir.path());
    git(dir.path(), &["checkout", "-q", "-b", "feature"]);
    commit_file(dir.path(), "f.txt", "feature work\n", "feature");
    let broken = rev(dir.path(), "HEAD");
    git(dir.path(), &["checkout", "-q", "main"]);
    truncate(&loose(dir.path(), &broken), 10);
    let r = history(dir.path());
    assert_reported(&r, &[&broken]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// A directory's tree is unreadable: its id and path are reported and the rest of the
/// commit is scanned.
#[test]
fn a_corrupt_subtree_is_reported_and_the_rest_of_the_commit_scanned() {
    let dir = repo();
    commit_file(dir.path(), "lib/util.py", &filler(4, 30), "lib");
    plant(dir.path());
    let tree = rev(dir.path(), "HEAD:lib");
    flip_middle(&loose(dir.path(), &tree));
    let r = history(dir.path());
    assert_reported(&r, &[&tree]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// The root tree of the last commit is unreadable: the earlier commits still bring the
/// blobs they share.
#[test]
fn a_corrupt_root_tree_is_reported_and_earlier_commits_scanned() {
    let dir = repo();
    plant(dir.path());
    commit_file(dir.path(), "later.txt", "later\n", "later");
    let tree = rev(dir.path(), "HEAD^{tree}");
    truncate(&loose(dir.path(), &tree), 5);
    let r = history(dir.path());
    assert_reported(&r, &[&tree]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// A tree whose zlib stream is intact but whose entries are not (a mode that is not
/// octal): the entries before the damage are still scanned.
#[test]
fn a_tree_with_garbage_entries_is_reported() {
    let dir = repo();
    plant(dir.path());
    commit_file(dir.path(), "z.txt", "z\n", "z");
    // Write a tree by hand: one good entry (keep.txt), then garbage.
    let keep = rev(dir.path(), "HEAD:keep.txt");
    let mut body = b"100644 keep.txt\0".to_vec();
    body.extend(hex(&keep));
    body.extend(b"10x644 bad\0not twenty bytes");
    let tree = hash_object(dir.path(), "tree", &body);
    let commit = git(dir.path(), &["commit-tree", &tree, "-m", "odd"]);
    git(dir.path(), &["update-ref", "refs/heads/odd", commit.trim()]);
    let r = history(dir.path());
    assert_reported(&r, &[&tree]);
    assert_eq!(found(&r), ["keep.txt"]);
}

fn hex(id: &str) -> Vec<u8> {
    (0..id.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&id[i..i + 2], 16).unwrap())
        .collect()
}

/// Writes an object without git's checks (`hash-object --literally`).
fn hash_object(dir: &Path, kind: &str, body: &[u8]) -> String {
    let file = dir.join(".git/odd-object");
    std::fs::write(&file, body).unwrap();
    let id = git(
        dir,
        &[
            "hash-object",
            "-w",
            "--literally",
            "-t",
            kind,
            file.to_str().unwrap(),
        ],
    );
    std::fs::remove_file(file).unwrap();
    id.trim().to_string()
}

/// Bytes flipped inside one packed object's data: that object is reported, every other
/// object of the pack is scanned.
#[test]
fn a_packed_object_with_flipped_bytes_is_reported_and_the_rest_scanned() {
    let dir = repo();
    plant(dir.path());
    commit_file(dir.path(), "data.txt", &filler(5, 300), "data");
    let id = rev(dir.path(), "HEAD:data.txt");
    let (pack, idx) = pack(dir.path());
    let (offset, size) = packed_at(dir.path(), &idx, &id);
    flip(&pack, offset + size / 2, 4);
    let r = history(dir.path());
    assert_reported(&r, &[&id, "data.txt"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// A packed commit's data is damaged: reported, and the walk goes on from the loose
/// commits after it.
#[test]
fn a_packed_commit_with_flipped_bytes_is_reported() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", &filler(6, 10), "a");
    commit_file(dir.path(), "b.txt", &filler(7, 10), "b");
    let broken = rev(dir.path(), "HEAD");
    let (pack, idx) = pack(dir.path());
    plant(dir.path());
    let (offset, size) = packed_at(dir.path(), &idx, &broken);
    flip(&pack, offset + size / 2, 3);
    let r = history(dir.path());
    assert_reported(&r, &[&broken]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// The pack was cut short (an interrupted copy): the objects past the cut are reported,
/// naming the pack, and loose objects are scanned.
#[test]
fn a_truncated_pack_is_reported_and_loose_objects_scanned() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", &filler(8, 100), "a");
    commit_file(dir.path(), "b.txt", &filler(9, 100), "b");
    let (pack, _) = pack(dir.path());
    plant(dir.path());
    let len = std::fs::metadata(&pack).unwrap().len();
    truncate(&pack, len / 2);
    let r = history(dir.path());
    assert_reported(&r, &[".pack", "truncated"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// A pack cut to less than its header.
#[test]
fn a_pack_shorter_than_its_header_is_reported() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", "a\n", "a");
    let (pack, _) = pack(dir.path());
    plant(dir.path());
    truncate(&pack, 7);
    let r = history(dir.path());
    assert_reported(&r, &[".pack", "too small"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// The pack index has flipped bytes in its table of object ids (it still loads; its
/// checksum fails).
#[test]
fn a_corrupt_pack_index_is_reported_and_loose_objects_scanned() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", &filler(10, 100), "a");
    commit_file(dir.path(), "b.txt", &filler(11, 100), "b");
    let (_, idx) = pack(dir.path());
    plant(dir.path());
    // Version 2 header (8 bytes), the fan-out table (1,024), then the sorted ids.
    flip(&idx, 8 + 1024 + 25, 4);
    let r = history(dir.path());
    assert_reported(&r, &[".idx", "corrupt"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// The fan-out table at the start of the index is damaged (its counts no longer rise).
#[test]
fn a_pack_index_with_a_bad_fan_out_table_is_reported() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", &filler(12, 100), "a");
    let (_, idx) = pack(dir.path());
    plant(dir.path());
    // Version 2 header (8 bytes), then 256 big-endian counts.
    flip(&idx, 8 + 4 * 10, 4);
    let r = history(dir.path());
    assert_reported(&r, &[".idx", "fan-out"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// The pack index belongs to another pack (same file name, other content).
#[test]
fn a_pack_index_of_another_pack_is_reported() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", &filler(13, 100), "a");
    let (_, idx) = pack(dir.path());
    plant(dir.path());
    let other = repo();
    commit_file(other.path(), "x.txt", &filler(14, 50), "x");
    commit_file(other.path(), "y.txt", &filler(15, 50), "y");
    let (_, other_idx) = pack(other.path());
    let mut perms = std::fs::metadata(&idx).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&idx, perms).unwrap();
    std::fs::copy(&other_idx, &idx).unwrap();
    let r = history(dir.path());
    assert_reported(&r, &[".idx", "does not match"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// A pack index cut short.
#[test]
fn a_truncated_pack_index_is_reported() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", &filler(16, 100), "a");
    let (_, idx) = pack(dir.path());
    plant(dir.path());
    let len = std::fs::metadata(&idx).unwrap().len();
    truncate(&idx, len / 2);
    let r = history(dir.path());
    assert_reported(&r, &[".idx", "too small"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// A branch names a commit that does not exist: the branch and the id are reported.
#[test]
fn a_reference_to_a_missing_commit_is_reported() {
    let dir = repo();
    plant(dir.path());
    let ghost = "0123456789abcdef0123456789abcdef01234567";
    std::fs::write(
        dir.path().join(".git/refs/heads/ghost"),
        format!("{ghost}\n"),
    )
    .unwrap();
    let r = history(dir.path());
    assert_reported(&r, &["refs/heads/ghost", ghost]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// A reference file that holds garbage: named, and the other references scanned.
#[test]
fn a_garbage_reference_file_is_reported() {
    let dir = repo();
    plant(dir.path());
    std::fs::write(
        dir.path().join(".git/refs/heads/junk"),
        b"\x00\xffnot an id at all\n",
    )
    .unwrap();
    let r = history(dir.path());
    assert_reported(&r, &["junk"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// A `packed-refs` file with a garbage line.
#[test]
fn a_garbage_packed_refs_line_is_reported() {
    let dir = repo();
    plant(dir.path());
    git(dir.path(), &["branch", "other"]);
    git(dir.path(), &["pack-refs", "--all"]);
    let path = dir.path().join(".git/packed-refs");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("zzzz refs/heads/broken\n");
    std::fs::write(&path, text).unwrap();
    let r = history(dir.path());
    assert_reported(&r, &["packed-refs"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// `HEAD` itself holds garbage: reported, and the branches are still scanned.
#[test]
fn a_garbage_head_is_reported_and_the_branches_scanned() {
    let dir = repo();
    plant(dir.path());
    std::fs::write(dir.path().join(".git/HEAD"), "garbage\n").unwrap();
    let r = history(dir.path());
    assert_reported(&r, &["HEAD", "garbage"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// HEAD names a branch whose commit is unreadable, and no other reference exists.
#[test]
fn only_a_corrupt_head_commit_is_reported_not_a_panic() {
    let dir = repo();
    plant(dir.path());
    let head = rev(dir.path(), "HEAD");
    flip_middle(&loose(dir.path(), &head));
    let r = history(dir.path());
    assert_reported(&r, &[&head]);
    // The tree and blob are intact but only the commit leads to them.
    assert!(r.findings.is_empty());
}

/// `--staged` with bytes flipped in `.git/index`: a clear error naming the index.
#[test]
fn a_corrupt_index_is_reported_by_staged() {
    let dir = repo();
    plant(dir.path());
    for i in 0..5 {
        std::fs::write(dir.path().join(format!("f{i}.txt")), format!("{i}\n")).unwrap();
    }
    git(dir.path(), &["add", "-A"]);
    let index = dir.path().join(".git/index");
    flip_middle(&index);
    let r = scan_staged(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert_reported(&r, &["index"]);
    assert!(r.findings.is_empty());
}

/// `--staged` with an index cut short.
#[test]
fn a_truncated_index_is_reported_by_staged() {
    let dir = repo();
    plant(dir.path());
    let index = dir.path().join(".git/index");
    let len = std::fs::metadata(&index).unwrap().len();
    truncate(&index, len / 2);
    let r = scan_staged(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert_reported(&r, &["index"]);
}

/// `--staged` where a staged blob is corrupt: named with its path.
#[test]
fn a_corrupt_staged_blob_is_reported() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", "a\n", "a");
    let t = token("Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8Ol9Pp0");
    std::fs::write(dir.path().join("keep.txt"), format!("GH={t}\n")).unwrap();
    std::fs::write(dir.path().join("data.txt"), filler(17, 100)).unwrap();
    git(dir.path(), &["add", "-A"]);
    let id = git(dir.path(), &["rev-parse", ":data.txt"])
        .trim()
        .to_string();
    flip_middle(&loose(dir.path(), &id));
    let r = scan_staged(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert_reported(&r, &[&id, "data.txt"]);
    assert_eq!(found(&r), ["keep.txt"]);
}

/// Random damage (a fixed seed, so a failure replays): bytes flipped or the file cut at
/// random places in the pack, its index, loose commits and trees, `packed-refs` and
/// `.git/index`. Whatever the damage, the scan returns (no panic, no hang), and the secret
/// in the loose blob that is never damaged is found by `--git` unless the damage is on its
/// only way in (the last commit and its tree). `PALISADE_GIT_DAMAGE_ROUNDS` and
/// `PALISADE_GIT_DAMAGE_SEED` run it longer or elsewhere.
#[test]
fn random_damage_never_panics() {
    let rounds: usize = std::env::var("PALISADE_GIT_DAMAGE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let base = repo();
    for i in 0..6 {
        commit_file(
            base.path(),
            &format!("d{}/f{i}.txt", i % 3),
            &filler(100 + i, 40),
            "work",
        );
    }
    git(base.path(), &["tag", "-a", "-m", "t", "v1"]);
    git(base.path(), &["branch", "other", "HEAD~2"]);
    git(base.path(), &["gc", "-q"]);
    commit_file(base.path(), "later/x.txt", &filler(200, 20), "loose work");
    plant(base.path());
    std::fs::write(base.path().join("staged.txt"), filler(300, 10)).unwrap();
    git(base.path(), &["add", "staged.txt"]);
    // Damage to these may hide keep.txt: it is reachable only through them.
    let way_in = [
        loose(base.path(), &rev(base.path(), "HEAD")),
        loose(base.path(), &rev(base.path(), "HEAD^{tree}")),
    ];
    let (pack, idx) = {
        let dir = base.path().join(".git/objects/pack");
        let p = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "pack"))
            .unwrap();
        (p.clone(), p.with_extension("idx"))
    };
    let mut targets: Vec<PathBuf> = vec![
        pack,
        idx,
        base.path().join(".git/packed-refs"),
        base.path().join(".git/index"),
        loose(base.path(), &rev(base.path(), "HEAD")),
        loose(base.path(), &rev(base.path(), "HEAD~1")),
        loose(base.path(), &rev(base.path(), "HEAD^{tree}")),
        loose(base.path(), &rev(base.path(), "HEAD~1:later")),
    ];
    targets.retain(|p| p.exists());
    let mut x: u64 = std::env::var("PALISADE_GIT_DAMAGE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed);
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    for round in 0..rounds {
        for target in &targets {
            let work = tempfile::TempDir::new().unwrap();
            copy_dir(base.path(), work.path());
            let file = work.path().join(target.strip_prefix(base.path()).unwrap());
            let len = std::fs::metadata(&file).unwrap().len() as usize;
            if round % 4 == 3 {
                truncate(&file, next(len) as u64);
            } else {
                let n = (1 + next(3)).min(len);
                flip(&file, next(len - n + 1), n);
            }
            let shown = file.display().to_string();
            let r = history(work.path());
            if !way_in.contains(target) {
                assert!(
                    found(&r).contains(&"keep.txt"),
                    "round {round}, {shown}: {:#?}",
                    r.errors
                );
            }
            scan_staged(Scanner::default_scanner(), work.path(), u64::MAX);
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// `--staged` when the commit `HEAD` names is unreadable: reported, and every index entry
/// is scanned (nothing can be ruled out as already committed).
#[test]
fn staged_with_a_corrupt_head_commit_is_reported() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", "a\n", "a");
    let head = rev(dir.path(), "HEAD");
    let t = token("St1Ag2Ed3Co4Rr5Up6Th7Ea8Dx9Yz0");
    std::fs::write(dir.path().join("new.env"), format!("T={t}\n")).unwrap();
    git(dir.path(), &["add", "new.env"]);
    flip_middle(&loose(dir.path(), &head));
    let r = scan_staged(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert_reported(&r, &["HEAD", &head]);
    assert_eq!(found(&r), ["new.env"]);
}
