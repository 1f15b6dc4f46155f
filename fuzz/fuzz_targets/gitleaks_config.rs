//! Arbitrary text imported as a gitleaks configuration (`--gitleaks-config`): the import
//! may refuse it, never panic; an accepted one builds a scanner that scans a sample (and
//! the configuration text itself) without panicking.
//!
//!     cargo +nightly fuzz run gitleaks_config -- -dict=gitleaks_config.dict
//!
//! Imported rules are `'static` (leaked on purpose: loaded once per process), so a long
//! run's memory grows with the accepted inputs; keep runs to minutes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade_secrets::{gitleaks, Options, Scanner, Target};

const SAMPLE: &[u8] = b"aws_access_key_id = \"AKIAZ2QW3E4R5T6Y7U8I\"\npassword: hunter2hunter2\n\
token=ghp_R8s2kLq0vX1mN4bT7yZ3wQ9eD5fA6cH2jK0p\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(imported) = gitleaks::parse("fuzz.toml", text) else {
        return;
    };
    let scanner = Scanner::with_extra(
        &|m| m.default_enabled,
        Options::default(),
        &imported.detectors,
        imported.allowlists,
    );
    for bytes in [SAMPLE, data] {
        let target = Target {
            shown: "src/app.py",
            repo_path: "src/app.py",
        };
        let findings = scanner.scan(&target, bytes);
        let lines = bytes.iter().filter(|b| **b == b'\n').count() as u32 + 1;
        for f in &findings {
            assert!(f.location.line >= 1 && f.location.line <= lines, "{f:?}");
        }
    }
});
