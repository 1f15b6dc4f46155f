//! History and staged scanning on real repositories made by the test (with the `git`
//! command, as a user would; palisade itself reads them with gitoxide).

use std::process::Command;

use palisade_secrets::git::{scan_history, scan_range, scan_staged};
use palisade_secrets::Scanner;

mod common;
use common::{commit_file, git, repo, rev, token};

#[test]
fn a_secret_deleted_from_the_tree_is_still_found_in_history() {
    let dir = repo();
    let t = token("Xq7LmZ2pR9vT4sW8yB3nC6kD1fG5hJ");
    commit_file(
        dir.path(),
        "app/config.py",
        &format!("\nTOKEN = '{t}'\n"),
        "add config",
    );
    commit_file(
        dir.path(),
        "app/config.py",
        "TOKEN = os.environ['TOKEN']\n",
        "remove token",
    );
    for i in 0..5 {
        commit_file(dir.path(), "README.md", &format!("v{i}\n"), "docs");
    }
    let r = scan_history(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.commits, 7);
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    let f = &r.findings[0];
    assert_eq!(f.rule, "SEC030");
    assert_eq!(f.location.path, "app/config.py");
    assert_eq!(f.location.line, 2);
    assert_eq!(f.location.object.as_ref().unwrap().kind, "Commit");
    assert!(
        f.title.contains("by Alice Example on 2024-05-01"),
        "{}",
        f.title
    );
    // Same fingerprint as the working-tree finding: one baseline serves both.
    let wt = palisade_secrets::scan_file("app/config.py", format!("\nTOKEN = '{t}'\n").as_bytes());
    assert_eq!(wt[0].fingerprint, f.fingerprint);
}

#[test]
fn every_branch_is_scanned_and_each_blob_once() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", "nothing here\n", "init");
    git(dir.path(), &["checkout", "-q", "-b", "feature"]);
    let t = token("Pw4NcX8vB2mQ7rT1yK5sL9dF3gH6jZ");
    commit_file(
        dir.path(),
        "deploy.sh",
        &format!("export GH={t}\n"),
        "feature",
    );
    git(dir.path(), &["checkout", "-q", "main"]);
    for i in 0..3 {
        commit_file(dir.path(), "b.txt", &format!("{i}\n"), "main work");
    }
    let r = scan_history(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    assert_eq!(r.findings[0].location.path, "deploy.sh");
    // a.txt (1 blob), deploy.sh (1), b.txt (3 versions): 5 distinct blobs.
    assert_eq!(r.blobs, 5);
}

#[test]
fn staged_scans_only_what_would_be_committed() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", "clean\n", "init");
    let t = token("Lk3Jh8Gf2Ds7Ap4Qw9Er1Ty6Ui5Op0");
    std::fs::write(dir.path().join("staged.env"), format!("GITHUB_TOKEN={t}\n")).unwrap();
    git(dir.path(), &["add", "staged.env"]);
    let t2 = token("Zx1Cv2Bn3Mm4Aa5Ss6Dd7Ff8Gg9Hh0");
    std::fs::write(dir.path().join("unstaged.txt"), format!("{t2}\n")).unwrap();
    let r = scan_staged(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let paths: Vec<&str> = r
        .findings
        .iter()
        .map(|f| f.location.path.as_str())
        .collect();
    assert_eq!(paths, ["staged.env"]);
    assert!(r.findings[0].title.ends_with("(staged)"));
}

#[test]
fn not_a_repository_is_an_error_not_a_panic() {
    let dir = tempfile::TempDir::new().unwrap();
    let r = scan_history(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert_eq!(r.errors.len(), 1);
    assert!(r.errors[0].message.contains("not a git repository"));
}

/// A repository without commits yet: nothing to scan, nothing wrong.
#[test]
fn an_empty_repository_has_nothing_to_report() {
    let dir = repo();
    let r = scan_history(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!((r.commits, r.blobs), (0, 0));
    let r = scan_staged(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

/// A missing (corrupt) object is reported with its id and the rest is still scanned.
#[test]
fn a_missing_object_is_reported_and_the_rest_scanned() {
    let dir = repo();
    let t = token("Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8Ol9Pp0");
    commit_file(dir.path(), "keep.txt", &format!("{t}\n"), "one");
    commit_file(dir.path(), "lost.txt", "this blob will be deleted\n", "two");
    let out = Command::new("git")
        .args(["rev-parse", "HEAD:lost.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let obj = dir
        .path()
        .join(".git/objects")
        .join(&id[..2])
        .join(&id[2..]);
    std::fs::remove_file(obj).unwrap();
    let r = scan_history(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert_eq!(r.findings.len(), 1);
    assert!(
        r.errors.iter().any(|e| e.message.contains(&id)),
        "{:?}",
        r.errors
    );
}

/// The commits the history scan visits are exactly those `git rev-list --all` lists:
/// branches, merges, annotated and lightweight tags (a tag of a blob starts no walk), a
/// detached `HEAD` and the stash.
#[test]
fn every_reachable_commit_is_visited_once() {
    let dir = repo();
    commit_file(dir.path(), "a.txt", "a\n", "a");
    git(dir.path(), &["checkout", "-q", "-b", "side"]);
    commit_file(dir.path(), "side.txt", "side\n", "side");
    git(dir.path(), &["checkout", "-q", "main"]);
    commit_file(dir.path(), "b.txt", "b\n", "b");
    git(
        dir.path(),
        &["merge", "-q", "--no-ff", "-m", "merge", "side"],
    );
    // A commit only an annotated tag reaches.
    git(dir.path(), &["checkout", "-q", "-b", "gone"]);
    let t = token("Tg1Hy2Ju3Ki4Lo5Pm6Nb7Vc8Xz9As0");
    commit_file(dir.path(), "tagged.env", &format!("T={t}\n"), "tagged");
    git(dir.path(), &["tag", "-a", "-m", "release", "v1"]);
    let blob = rev(dir.path(), "HEAD:a.txt");
    git(dir.path(), &["tag", "blob-tag", &blob]);
    git(dir.path(), &["checkout", "-q", "main"]);
    git(dir.path(), &["branch", "-q", "-D", "gone"]);
    // A detached HEAD with a commit of its own, and a stash.
    git(dir.path(), &["checkout", "-q", "--detach"]);
    commit_file(dir.path(), "detached.txt", "d\n", "detached");
    std::fs::write(dir.path().join("a.txt"), "stashed\n").unwrap();
    git(dir.path(), &["stash", "-q"]);
    let expected: usize = git(dir.path(), &["rev-list", "--all", "HEAD", "--count"])
        .trim()
        .parse()
        .unwrap();
    let r = scan_history(Scanner::default_scanner(), dir.path(), u64::MAX);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.commits, expected);
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    assert_eq!(r.findings[0].location.path, "tagged.env");
}

/// A shallow clone's oldest commits name parents that are not there: not an error.
#[test]
fn a_shallow_clone_is_not_reported_as_damaged() {
    let dir = repo();
    for i in 0..4 {
        commit_file(dir.path(), "a.txt", &format!("{i}\n"), "work");
    }
    let t = token("Sh1Al2Lo3Wc4Lo5Ne6Te7St8Ab9Cd0");
    commit_file(dir.path(), "key.env", &format!("K={t}\n"), "key");
    let clone = tempfile::TempDir::new().unwrap();
    let url = format!("file://{}", dir.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
    );
    let r = scan_history(
        Scanner::default_scanner(),
        &clone.path().join("shallow"),
        u64::MAX,
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.commits, 2);
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
}

/// Scanning from a linked worktree sees the branches of the main repository.
#[test]
fn a_linked_worktree_scans_the_shared_history() {
    let dir = repo();
    let t = token("Wo1Rk2Tr3Ee4Li5Nk6Ed7Sc8An9Xy0");
    commit_file(dir.path(), "k.env", &format!("K={t}\n"), "k");
    git(dir.path(), &["branch", "-q", "other"]);
    commit_file(dir.path(), "b.txt", "b\n", "b");
    let wt = tempfile::TempDir::new().unwrap();
    let wt_path = wt.path().join("linked");
    git(
        dir.path(),
        &["worktree", "add", "-q", wt_path.to_str().unwrap(), "other"],
    );
    let r = scan_history(Scanner::default_scanner(), &wt_path, u64::MAX);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.commits, 2);
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
}

/// `main` with an old secret, a `feature` branch that adds one secret, and `main` moving on
/// with a third after the branch point; `feature` is checked out.
fn branched_repo() -> (tempfile::TempDir, [String; 3]) {
    let dir = repo();
    let old = token("Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0");
    let added = token("Kk1Ll2Mm3Nn4Oo5Pp6Qq7Rr8Ss9Tt0");
    let later = token("Uu1Vv2Ww3Xx4Yy5Zz6Aa7Bb8Cc9Dd0");
    commit_file(
        dir.path(),
        "old.py",
        &format!("T = '{old}'\n"),
        "old secret",
    );
    git(dir.path(), &["checkout", "-q", "-b", "feature"]);
    commit_file(dir.path(), "docs.md", "feature docs\n", "docs");
    commit_file(
        dir.path(),
        "new.py",
        &format!("T = '{added}'\n"),
        "new secret",
    );
    // The old secret copied to another path: content the range starts from, not new.
    commit_file(dir.path(), "copy.py", &format!("T = '{old}'\n"), "copy");
    git(dir.path(), &["checkout", "-q", "main"]);
    commit_file(
        dir.path(),
        "later.py",
        &format!("T = '{later}'\n"),
        "later on main",
    );
    git(dir.path(), &["checkout", "-q", "feature"]);
    (dir, [old, added, later])
}

fn found_paths(r: &palisade_secrets::git::GitReport) -> Vec<String> {
    let mut paths: Vec<String> = r.findings.iter().map(|f| f.location.path.clone()).collect();
    paths.sort();
    paths
}

/// `A..B` scans what `B` brings over `A`, as a pull request's CI wants: not the history
/// before the branch point, not what `A` gained since, not content `A` already had.
#[test]
fn a_range_scans_only_what_its_commits_bring() {
    let (dir, _) = branched_repo();
    let scanner = Scanner::default_scanner();
    let r = scan_range(scanner, dir.path(), u64::MAX, Some("main..feature"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.commits, 3);
    assert_eq!(found_paths(&r), ["new.py"]);
    // An empty left side is HEAD (feature): nothing is new.
    let r = scan_range(scanner, dir.path(), u64::MAX, Some("..feature"));
    assert_eq!((r.commits, r.findings.len()), (0, 0));
    // `A..`: every reference, less what `main` reaches.
    let r = scan_range(scanner, dir.path(), u64::MAX, Some("main.."));
    assert_eq!(found_paths(&r), ["new.py"]);
    // The other way round: what main gained.
    let r = scan_range(scanner, dir.path(), u64::MAX, Some("feature..main"));
    assert_eq!(
        (r.commits, found_paths(&r)),
        (1, vec!["later.py".to_string()])
    );
    // One revision alone: its whole history.
    let r = scan_range(scanner, dir.path(), u64::MAX, Some("feature"));
    assert_eq!(r.commits, 4);
    assert_eq!(found_paths(&r), ["new.py", "old.py"]);
    // No range: every reference.
    let r = scan_range(scanner, dir.path(), u64::MAX, None);
    assert_eq!(found_paths(&r), ["later.py", "new.py", "old.py"]);
}

#[test]
fn a_range_that_cannot_be_resolved_is_an_error_naming_it() {
    let (dir, _) = branched_repo();
    let scanner = Scanner::default_scanner();
    for (range, says) in [
        ("nope..feature", "cannot resolve `nope`"),
        ("main..nope", "cannot resolve `nope`"),
        ("main...feature", "not supported"),
        ("HEAD:old.py", "is not a commit"),
        ("", "empty range"),
    ] {
        let r = scan_range(scanner, dir.path(), u64::MAX, Some(range));
        assert_eq!(r.errors.len(), 1, "{range}: {:?}", r.errors);
        let message = &r.errors[0].message;
        assert!(
            message.contains(&format!("range `{range}`")) && message.contains(says),
            "{range}: {message}"
        );
        assert!(r.findings.is_empty());
    }
}
