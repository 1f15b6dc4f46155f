//! The database: import (directory, zip, HTTP), atomic replacement, status, lookups.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Instant;

use palisade_sca::db::{Builder, Database, DbError};
use palisade_sca::{fetch, Ecosystem};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/osv/advisories")
}

fn record(id: &str, eco: &str, name: &str, fixed: &str) -> String {
    format!(
        r#"{{"id":"{id}","modified":"2024-01-01T00:00:00Z","aliases":["CVE-{id}"],"summary":"bug in {name}",
"affected":[{{"package":{{"ecosystem":"{eco}","name":"{name}"}},"ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"{fixed}"}}]}}]}}],
"severity":[{{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}]}}"#
    )
}

fn zip_of(records: &[(&str, String)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, body) in records {
            z.start_file(*name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

/// Serves `routes` (path → body) on 127.0.0.1; a path in `truncate` announces its full
/// length but sends only half the body, then closes: an interrupted download. Serves
/// `max_requests` requests, then stops.
fn serve(routes: Vec<(String, Vec<u8>)>, truncate: Vec<String>, max_requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max_requests) {
            let mut s = stream.unwrap();
            let mut req = Vec::new();
            let mut buf = [0u8; 1024];
            while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = s.read(&mut buf).unwrap_or(0);
                if n == 0 {
                    break;
                }
                req.extend_from_slice(&buf[..n]);
            }
            let line = String::from_utf8_lossy(&req);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            match routes.iter().find(|(p, _)| *p == path) {
                Some((_, body)) => {
                    let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n", body.len());
                    let _ = s.write_all(head.as_bytes());
                    let send = if truncate.contains(&path) {
                        &body[..body.len() / 2]
                    } else {
                        &body[..]
                    };
                    let _ = s.write_all(send);
                }
                None => {
                    let _ = s.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                }
            }
        }
    });
    format!("http://{addr}")
}

#[test]
fn update_over_http_and_an_interrupted_download_keeps_the_old_database() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("osv.db");
    let npm = zip_of(&[
        ("GHSA-1.json", record("GHSA-1", "npm", "lodash", "4.17.21")),
        ("GHSA-2.json", record("GHSA-2", "npm", "minimist", "1.2.6")),
    ]);
    let pypi = zip_of(&[("PYSEC-1.json", record("PYSEC-1", "PyPI", "Django", "4.2.1"))]);
    let base = serve(
        vec![
            ("/npm/all.zip".into(), npm.clone()),
            ("/PyPI/all.zip".into(), pypi),
            ("/broken/npm/all.zip".into(), npm),
        ],
        vec!["/broken/npm/all.zip".into()],
        10,
    );
    let ecos = vec!["npm".to_string(), "PyPI".to_string()];
    let (info, problems) = fetch::update(&base, &ecos, &db_path, &|_| {}).unwrap();
    assert!(problems.is_empty());
    assert_eq!(info.records, 3);
    assert_eq!(info.ecosystems.get("npm"), Some(&2));
    let db = Database::open(&db_path).unwrap();
    let m = db
        .match_package(&Ecosystem::Npm, "lodash", "4.17.20")
        .unwrap();
    assert_eq!(m[0].id, "GHSA-1");
    assert_eq!(m[0].fixed.as_deref(), Some("4.17.21"));
    assert!(
        db.match_package(&Ecosystem::PyPI, "django", "4.2.0")
            .unwrap()
            .len()
            == 1,
        "PyPI names normalised"
    );
    let before = std::fs::read(&db_path).unwrap();

    // Interrupted download: an error, and the database on disk is byte-for-byte the old one.
    let err = fetch::update(&format!("{base}/broken"), &ecos[..1], &db_path, &|_| {}).unwrap_err();
    assert!(err.to_string().contains("interrupted"), "{err}");
    assert_eq!(std::fs::read(&db_path).unwrap(), before);
    assert!(
        Database::open(&db_path)
            .unwrap()
            .match_package(&Ecosystem::Npm, "minimist", "1.2.5")
            .unwrap()
            .len()
            == 1
    );

    // A missing export (404) is an error too, and also changes nothing.
    let err = fetch::update(&base, &["Hex".to_string()], &db_path, &|_| {}).unwrap_err();
    assert!(err.to_string().contains("404"), "{err}");
    assert_eq!(std::fs::read(&db_path).unwrap(), before);
    // No scratch files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("osv.db")]);

    // --from URL.
    let (info, _) = fetch::import_from(&format!("{base}/PyPI/all.zip"), &db_path, &|_| {}).unwrap();
    assert_eq!(info.records, 1);
}

#[test]
fn missing_and_corrupt_databases_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("osv.db");
    assert!(matches!(Database::open(&p), Err(DbError::Missing(_))));
    std::fs::write(&p, b"PALISADE-OSV-DB\n\x01\x00\x00\x00\xff\xff").unwrap();
    let e = Database::open(&p).unwrap_err();
    assert!(matches!(e, DbError::Corrupt(..)), "{e}");
    std::fs::write(&p, b"not a database").unwrap();
    assert!(Database::open(&p)
        .unwrap_err()
        .to_string()
        .contains("signature"));
}

#[test]
fn import_the_whole_corpus() {
    let root = corpus();
    if !root.is_dir() {
        eprintln!("skipping: corpus absent");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("osv.db");
    let t = Instant::now();
    let (info, problems) = fetch::import_from(root.to_str().unwrap(), &db_path, &|_| {}).unwrap();
    let import = t.elapsed();
    let size = std::fs::metadata(&db_path).unwrap().len();
    eprintln!(
        "corpus import: {} records, {} withdrawn, {} invalid, {} packages in {:.2?}; {} bytes on disk",
        info.records, info.withdrawn, info.invalid, info.packages, import, size
    );
    for (name, why) in problems.iter().take(20) {
        eprintln!("  not imported: {name}: {why}");
    }
    assert!(info.records > 8_000);
    assert!(
        info.withdrawn >= 40,
        "withdrawn records are counted and skipped"
    );
    let t = Instant::now();
    let db = Database::open(&db_path).unwrap();
    eprintln!("open: {:.2?}", t.elapsed());
    // RUSTSEC-2020-0071 (time < 0.2.23) is in the corpus.
    let m = db
        .match_package(&Ecosystem::CratesIo, "time", "0.1.45")
        .unwrap();
    assert!(m.iter().any(|v| v.id == "RUSTSEC-2020-0071"), "{m:?}");
    // Re-importing into the same path replaces the file atomically.
    let mut b = Builder::new();
    b.add_bytes("x.json", record("X-1", "npm", "a", "1.0.0").as_bytes());
    b.write(&db_path).unwrap();
    assert_eq!(Database::open(&db_path).unwrap().info().records, 1);
}
