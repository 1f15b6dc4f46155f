//! Arbitrary bytes scanned as a file by every default secret detector, under paths that
//! switch on the path-specific ones (`.env`, `.netrc`, `.pypirc`, source code, a
//! manifest). The scan may not panic, and every finding must point inside the input.
//!
//!     cargo +nightly fuzz run scan_secrets -- -dict=scan_secrets.dict
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade_secrets::{Scanner, Target};

const PATHS: &[&str] = &[
    "app/settings.py",
    ".env",
    ".netrc",
    ".pypirc",
    "deploy/secret.yaml",
    "config.json",
];

fuzz_target!(|data: &[u8]| {
    // The first byte picks the path, so the fuzzer explores every path-specific detector.
    let (path, bytes) = match data.split_first() {
        Some((p, rest)) => (PATHS[*p as usize % PATHS.len()], rest),
        None => (PATHS[0], data),
    };
    let findings = Scanner::default_scanner().scan(
        &Target {
            shown: path,
            repo_path: path,
        },
        bytes,
    );
    let lines = bytes.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    for f in &findings {
        assert!(f.location.line >= 1 && f.location.line <= lines, "{f:?}");
        assert!(f.location.column >= 1, "{f:?}");
        assert!(f.rule.starts_with("SEC"), "{f:?}");
    }
});
