//! Directory scanning as a user relies on it: what is found, what is skipped and why,
//! bad input never panics, and findings never show the secret.

use std::fs;
use std::path::{Path, PathBuf};

use palisade_secrets::walk::{scan_paths, skip, WalkOptions};
use palisade_secrets::Scanner;

mod common;

fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    dir
}

fn scan(dir: &Path) -> palisade_secrets::walk::Report {
    scan_paths(
        Scanner::default_scanner(),
        &[PathBuf::from(dir)],
        &WalkOptions::default(),
    )
}

/// A token whose checksum is valid (the fixture of SEC030 proves the format).
fn valid_github_token() -> String {
    common::token("Xq7LmZ2pR9vT4sW8yB3nC6kD1fG5hJ")
}

#[test]
fn finds_secrets_and_counts_every_skip_reason() {
    let token = valid_github_token();
    let line = format!("GITHUB_TOKEN = \"{token}\"\n");
    let minified = "var a=1;".repeat(5000);
    let dir = tree(&[
        ("src/config.py", line.as_bytes()),
        ("assets/logo.png", line.as_bytes()),
        ("dist/app.min.js", line.as_bytes()),
        ("dist/bundle.js", minified.as_bytes()),
        ("bin/tool", b"\x7fELF\0\0\0 ghp_"),
    ]);
    let r = scan(dir.path());
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    assert_eq!(r.findings[0].rule, "SEC030");
    assert_eq!(r.findings[0].location.line, 1);
    assert_eq!(r.skipped.get(skip::MEDIA), Some(&1));
    assert_eq!(r.skipped.get(skip::MINIFIED), Some(&2));
    assert_eq!(r.skipped.get(skip::BINARY), Some(&1));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

#[test]
fn evidence_never_contains_the_secret() {
    let token = valid_github_token();
    let dir = tree(&[("a.env", format!("TOKEN={token}\n").as_bytes())]);
    let r = scan(dir.path());
    let f = &r.findings[0];
    let ev = f.evidence.as_deref().unwrap();
    assert!(!ev.contains(&token), "{ev}");
    assert!(!format!("{f:?}").contains(&token));
}

/// The fingerprint depends on the secret and the path, not the line: moving the line
/// keeps baselines and ignores working.
#[test]
fn fingerprint_survives_line_moves() {
    let token = valid_github_token();
    let a = palisade_secrets::scan_file("app.py", format!("T = '{token}'\n").as_bytes());
    let b = palisade_secrets::scan_file("app.py", format!("\n\n\nT = '{token}'\n").as_bytes());
    assert_eq!(a[0].fingerprint, b[0].fingerprint);
    assert_ne!(a[0].location.line, b[0].location.line);
    let c = palisade_secrets::scan_file("other.py", format!("T = '{token}'\n").as_bytes());
    assert_ne!(a[0].fingerprint, c[0].fingerprint);
}

#[test]
fn test_fixture_paths_lower_confidence_but_still_report() {
    let token = valid_github_token();
    let src = format!("T = '{token}'\n");
    let prod = palisade_secrets::scan_file("src/app.py", src.as_bytes());
    let test = palisade_secrets::scan_file("tests/fixtures/app.py", src.as_bytes());
    assert_eq!(test.len(), 1);
    assert!(prod[0].tags.contains(&"confidence:high".into()));
    assert!(test[0].tags.contains(&"confidence:medium".into()));
    assert!(test[0]
        .evidence
        .as_deref()
        .unwrap()
        .contains("test-fixture path"));
}

#[test]
fn invalid_utf8_and_nul_free_garbage_do_not_panic() {
    let token = valid_github_token();
    let mut bytes = b"\xff\xfe\xc3( garbage \xe2\x82 ".to_vec();
    bytes.extend_from_slice(format!("\ntoken: {token}\n").as_bytes());
    bytes.extend_from_slice(b"\xf0\x28\x8c\xbc");
    let dir = tree(&[("weird.txt", &bytes)]);
    let r = scan(dir.path());
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].location.line, 2);
}

#[test]
fn missing_paths_are_errors_and_the_rest_is_scanned() {
    let token = valid_github_token();
    let dir = tree(&[("ok.txt", format!("{token}\n").as_bytes())]);
    let r = scan_paths(
        Scanner::default_scanner(),
        &[dir.path().join("nope"), dir.path().to_path_buf()],
        &WalkOptions::default(),
    );
    assert_eq!(r.errors.len(), 1);
    assert!(r.errors[0].message.contains("cannot read"));
    assert_eq!(r.findings.len(), 1);
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_stop_the_walk() {
    let token = valid_github_token();
    let dir = tree(&[("a/ok.txt", format!("{token}\n").as_bytes())]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
    let r = scan(dir.path());
    assert_eq!(r.findings.len(), 1);
}

/// A FIFO would block the read forever and a device may never end: FIFOs, sockets and
/// devices are skipped and counted, whether met in a walk or named on the command line.
#[cfg(unix)]
#[test]
fn fifos_sockets_and_devices_are_skipped_and_counted() {
    let token = valid_github_token();
    let dir = tree(&[("a/ok.txt", format!("{token}\n").as_bytes())]);
    let fifo = dir.path().join("a/fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("a/socket")).unwrap();
    let r = scan(dir.path());
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.skipped.get(skip::SPECIAL), Some(&2), "{:?}", r.skipped);
    assert!(r.errors.is_empty(), "{:?}", r.errors);

    let named = [
        fifo,
        PathBuf::from("/dev/zero"),
        dir.path().join("a/ok.txt"),
    ];
    let r = scan_paths(Scanner::default_scanner(), &named, &WalkOptions::default());
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.skipped.get(skip::SPECIAL), Some(&2), "{:?}", r.skipped);
}

#[test]
fn large_files_are_read_in_chunks_without_losing_or_duplicating_secrets() {
    let token = valid_github_token();
    // ~40 MiB of ordinary lines, a secret near each 16 MiB boundary and at the end.
    let filler = "let value = compute(alpha, beta, gamma); // ordinary code line\n";
    let mut text = String::new();
    let mut expected = Vec::new();
    let mut line = 1u32;
    while text.len() < 40 * 1024 * 1024 {
        let near_boundary = (text.len() % (16 * 1024 * 1024)) > 16 * 1024 * 1024 - 100;
        if near_boundary || text.len() + filler.len() >= 40 * 1024 * 1024 {
            text.push_str(&format!("T = '{token}'\n"));
            expected.push(line);
        } else {
            text.push_str(filler);
        }
        line += 1;
    }
    let dir = tree(&[("big.rs", text.as_bytes())]);
    let r = scan(dir.path());
    let lines: Vec<u32> = r.findings.iter().map(|f| f.location.line).collect();
    assert_eq!(lines, expected);
}

#[test]
fn size_limit_is_counted() {
    let dir = tree(&[("big.txt", &[b'a'; 2048])]);
    let r = scan_paths(
        Scanner::default_scanner(),
        &[dir.path().to_path_buf()],
        &WalkOptions {
            max_file_size: 1024,
            ..WalkOptions::default()
        },
    );
    assert_eq!(r.skipped.get(skip::TOO_LARGE), Some(&1));
}
