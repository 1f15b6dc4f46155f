//! Helpers shared by the git and walk tests: repositories made with the `git` command, valid
//! GitHub tokens, and ways to damage the files of `.git` as a disk or a tool would.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A GitHub token whose checksum is valid (the detector checks it), made from 30 characters.
pub fn token(random: &str) -> String {
    let crc = crc32fast_hash(random.as_bytes());
    format!(
        "ghp_{random}{}",
        palisade_secrets::util::base62_encode(u64::from(crc), 6)
    )
}

fn crc32fast_hash(b: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in b {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Runs `git` in `dir` with a fixed identity and date; returns its standard output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Alice Example")
        .env("GIT_AUTHOR_EMAIL", "alice@shop.test")
        .env("GIT_COMMITTER_NAME", "Alice Example")
        .env("GIT_COMMITTER_EMAIL", "alice@shop.test")
        .env("GIT_AUTHOR_DATE", "2024-05-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-05-01T12:00:00Z")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn repo() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

pub fn commit_file(dir: &Path, name: &str, text: &str, msg: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", msg]);
}

/// The full id of a revision (`HEAD~1`, `HEAD:path`, `HEAD^{tree}`).
pub fn rev(dir: &Path, spec: &str) -> String {
    git(dir, &["rev-parse", spec]).trim().to_string()
}

/// Where the loose object `id` lives.
pub fn loose(dir: &Path, id: &str) -> PathBuf {
    dir.join(".git/objects").join(&id[..2]).join(&id[2..])
}

/// Git writes objects read-only; make one writable before damaging it.
fn writable(path: &Path) {
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(path, perms).unwrap();
}

/// Inverts `len` bytes of `path` starting at `at`.
pub fn flip(path: &Path, at: usize, len: usize) {
    writable(path);
    let mut bytes = std::fs::read(path).unwrap();
    assert!(at + len <= bytes.len(), "{} is too short", path.display());
    for b in &mut bytes[at..at + len] {
        *b = !*b;
    }
    std::fs::write(path, bytes).unwrap();
}

/// Inverts a few bytes in the middle of `path`.
pub fn flip_middle(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len() as usize;
    flip(path, len / 2, 4.min(len / 4).max(1));
}

/// Keeps only the first `len` bytes of `path`.
pub fn truncate(path: &Path, len: u64) {
    writable(path);
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .unwrap()
        .set_len(len)
        .unwrap();
}

/// Text of `lines` lines that does not compress to nothing (so that a damaged byte in
/// the middle of its zlib stream lands in real data).
pub fn filler(seed: u64, lines: usize) -> String {
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut out = String::new();
    for i in 0..lines {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        out.push_str(&format!("line {i}: value {:016x} {}\n", x, x >> 7));
    }
    out
}
