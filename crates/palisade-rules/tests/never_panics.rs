//! Loading and every rule must survive any input: a few thousand inputs mutated from the
//! real fixtures (bit flips, truncations, YAML punctuation inserted, slices spliced in or
//! cut out) go through `palisade_k8s::load_bytes` and `palisade_rules::run` with every rule
//! enabled; none may panic, and every finding must point inside its input (or just past
//! its end, see below).
//!
//! Deterministic (a fixed xorshift seed), so a failure reproduces; set `NEVER_PANICS_CASES`
//! to run more cases, `NEVER_PANICS_SEED` to explore other ones. The unbounded version of
//! this test is the cargo-fuzz target in `fuzz/`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use palisade_rules::{run, Settings};

/// A xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform-ish in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Text that YAML gives meaning to, alone or in short runs.
const SPECIALS: &[&[u8]] = &[
    b"&",
    b"*",
    b"!",
    b"|",
    b">",
    b"-",
    b":",
    b"[",
    b"]",
    b"{",
    b"}",
    b"#",
    b"'",
    b"\"",
    b"%",
    b"@",
    b"`",
    b",",
    b"?",
    b"\n",
    b" ",
    b"\t",
    b"\r",
    b"\\",
    b"---\n",
    b"...\n",
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!str ",
    b"!!binary ",
    b"!foo ",
    b"~",
    b"null",
    b"0x1F",
    b"1e400",
    b"-.inf",
    b".nan",
    b"yes",
    b"\xEF\xBB\xBF",
    b"\xFF",
    b"\xC3",
    b"\xE2\x80\xA8",
    b"\0",
];

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(7) {
            // Flip one bit.
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            // Replace a byte with anything.
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            // Truncate (possibly inside a UTF-8 sequence or a quoted scalar).
            2 => input.truncate(rng.below(len + 1)),
            // Insert YAML punctuation, possibly several times.
            3 | 4 => {
                let i = rng.below(len + 1);
                let s = SPECIALS[rng.below(SPECIALS.len())];
                let times = 1 + rng.below(3);
                for _ in 0..times {
                    input.splice(i..i, s.iter().copied());
                }
            }
            // Cut a range out (whole lines of indentation go with it).
            5 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                input.drain(a..b);
            }
            // Splice in a slice of another fixture (or of itself).
            _ => {
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + 1 + rng.below(200)).min(other.len());
                    let piece = other[a..b].to_vec();
                    let i = rng.below(len + 1);
                    input.splice(i..i, piece);
                }
            }
        }
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(p);
        }
    }
}

/// The real fixtures, plus a few hostile shapes of our own.
fn corpus() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    yaml_files(&root, &mut files);
    assert!(
        files.len() > 20,
        "fixtures not found under {}",
        root.display()
    );
    let mut corpus: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    corpus.extend([
        // Nested deeper than the loader allows.
        format!("{}{}", "[".repeat(300), "]".repeat(300)).into_bytes(),
        // A small alias bomb (9^4 nodes).
        b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n".to_vec(),
        // Merge keys into a pod template, a List, JSON.
        b"x: &tpl {privileged: true}\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    securityContext:\n      <<: *tpl\n".to_vec(),
        b"apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {hostPID: true, containers: [{name: c}]}}\n".to_vec(),
        br#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [{"name": "c", "securityContext": {"privileged": true}}]}}}}"#.to_vec(),
    ]);
    corpus
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn loading_and_rules_never_panic_on_mutated_manifests() {
    let corpus = corpus();
    let cases = env_number("NEVER_PANICS_CASES", 5000);
    let mut rng = Rng(env_number("NEVER_PANICS_SEED", 0x5EED_CAFE_F00D_D00D) | 1);
    let settings = Settings::default();
    let mut failures = Vec::new();
    let mut with_objects = 0;
    let mut with_errors = 0;
    let mut findings = 0;

    // The default panic hook would print every caught panic; keep the report to ours.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for case in 0..cases {
        let mut input = corpus[rng.below(corpus.len())].clone();
        mutate(&mut rng, &corpus, &mut input);
        let result = catch_unwind(AssertUnwindSafe(|| {
            let loaded = palisade_k8s::load_bytes("fuzz.yaml", &input);
            let outcome = run(&loaded.objects, &settings, &|_| true);
            let lines = line_breaks(&input) + 1;
            for f in &outcome.findings {
                assert!(
                    (1..=lines).contains(&f.location.line),
                    "finding outside the input: {f:?}"
                );
            }
            (
                loaded.objects.len(),
                loaded.errors.len(),
                outcome.findings.len(),
            )
        }));
        match result {
            Ok((o, e, f)) => {
                with_objects += usize::from(o > 0);
                with_errors += usize::from(e > 0);
                findings += f;
            }
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!(
                    "case {case}: {message}\ninput: {:?}",
                    String::from_utf8_lossy(&input)
                ));
            }
        }
    }
    std::panic::set_hook(hook);

    assert!(
        failures.is_empty(),
        "{} of {cases} inputs panicked; the first ones:\n\n{}",
        failures.len(),
        failures[..failures.len().min(3)].join("\n\n")
    );
    // The mutations must neither be so mild that nothing breaks nor so wild that nothing
    // reaches the rules.
    assert!(
        with_objects as u64 > cases / 4 && with_errors as u64 > cases / 20 && findings > 0,
        "weak mutations: {with_objects} inputs with objects, {with_errors} with errors, {findings} findings"
    );
}

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
