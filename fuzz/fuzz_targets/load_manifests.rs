//! Arbitrary bytes through the whole pipeline short of output: loading (UTF-8, YAML/JSON,
//! alias and depth bounds, Kubernetes objects) and every rule, per-object and whole-scan.
//! Neither may panic, whatever the input.
//!
//!     cargo +nightly fuzz run load_manifests
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = palisade_k8s::load_bytes("fuzz.yaml", data);
    let outcome = palisade_rules::run(
        &loaded.objects,
        &palisade_rules::Settings::default(),
        &|_| true,
    );
    // Findings must point inside the input, or at the line just past it: an empty value at
    // the end of a file without a final newline is placed where that line would begin.
    let lines = line_breaks(data) + 2;
    for f in &outcome.findings {
        assert!(f.location.line >= 1 && f.location.line <= lines, "{f:?}");
    }
});

/// Line breaks as YAML counts them: `\n`, `\r\n` and a lone `\r`.
fn line_breaks(text: &[u8]) -> u32 {
    let mut n = 0;
    for (i, b) in text.iter().enumerate() {
        if *b == b'\n' || (*b == b'\r' && text.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    n
}
