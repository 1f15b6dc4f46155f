//! Scans directories with every default detector and prints files, bytes, findings and
//! throughput: the secret scanner alone, without the CLI, for profiling
//! (`perf record`, `valgrind --tool=callgrind`) and quick comparisons.
//!
//!     cargo run --release -p palisade-secrets --example scan_tree -- DIR...
//!
//! `SCAN_TREE_REPEAT=n` scans n times (warm cache) and prints each run;
//! `SCAN_TREE_JSON=FILE` writes the findings of the last run as JSON (to compare two
//! builds' findings).

use std::path::PathBuf;
use std::time::Instant;

use palisade_secrets::walk::{scan_paths, WalkOptions};
use palisade_secrets::Scanner;

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: scan_tree DIR...");
        std::process::exit(2);
    }
    let repeat: usize = std::env::var("SCAN_TREE_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let scanner = Scanner::default_scanner();
    let mut last = Vec::new();
    for _ in 0..repeat {
        let start = Instant::now();
        let report = scan_paths(scanner, &paths, &WalkOptions::default());
        let secs = start.elapsed().as_secs_f64();
        let mib = report.bytes as f64 / (1024.0 * 1024.0);
        println!(
            "{} files, {:.1} MiB, {} findings, {} errors, skipped {:?}: {:.3} s, {:.1} MiB/s",
            report.files,
            mib,
            report.findings.len(),
            report.errors.len(),
            report.skipped,
            secs,
            mib / secs
        );
        last = report.findings;
    }
    if let Some(out) = std::env::var_os("SCAN_TREE_JSON") {
        let json = serde_json::to_string_pretty(&last).unwrap_or_default();
        if let Err(e) = std::fs::write(&out, json) {
            eprintln!("{}: {e}", PathBuf::from(out).display());
            std::process::exit(1);
        }
    }
}
