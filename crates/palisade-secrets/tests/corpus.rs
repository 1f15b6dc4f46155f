//! Precision and recall on a labelled corpus: every detector's fail fixture (positives for
//! that detector) and pass fixture (negatives for every detector), plus realistic negatives
//! in `tests/negatives/` — lockfiles with integrity hashes, base64 images, UUIDs, digests,
//! minified code, templated configuration, CI files, documentation with sample keys.
//!
//! The positives are our own fixtures, so the recall printed here says the detectors
//! match their documented formats, not how many real-world leaks they catch; the
//! precision is the number to watch as detectors are added.

use std::path::Path;

use palisade_secrets::{all, Scanner, Target};

fn scan(shown: &str, bytes: &[u8]) -> Vec<palisade_core::Finding> {
    Scanner::default_scanner().scan(
        &Target {
            shown,
            repo_path: shown,
        },
        bytes,
    )
}

#[test]
fn precision_and_recall_on_the_labelled_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let (mut tp, mut fn_, mut fp) = (0usize, 0usize, Vec::new());
    for d in all() {
        let id = d.meta.id;
        for entry in std::fs::read_dir(root.join("fixtures").join(id)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let shown = format!("{id}/{name}");
            let found = scan(&shown, &std::fs::read(&path).unwrap());
            if name.starts_with("fail") {
                let mine = found.iter().filter(|f| f.rule == id).count();
                tp += mine;
                fn_ += usize::from(mine == 0);
            } else {
                fp.extend(found.into_iter().map(|f| format!("{shown}: {}", f.title)));
            }
        }
    }
    let mut negatives = 0;
    for entry in std::fs::read_dir(root.join("negatives")).unwrap() {
        let path = entry.unwrap().path();
        let shown = format!("src/{}", path.file_name().unwrap().to_string_lossy());
        negatives += 1;
        let found = scan(&shown, &std::fs::read(&path).unwrap());
        fp.extend(
            found
                .into_iter()
                .map(|f| format!("{shown}: {} {}", f.rule, f.title)),
        );
    }
    let precision = tp as f64 / (tp + fp.len()) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    eprintln!(
        "secrets corpus: {} detectors, {negatives} realistic negative files; \
         true positives {tp}, false negatives {fn_}, false positives {}; \
         precision {precision:.3}, recall {recall:.3}",
        all().len(),
        fp.len()
    );
    assert!(fp.is_empty(), "false positives:\n{}", fp.join("\n"));
    assert_eq!(fn_, 0, "detectors missed their own fixtures");
}
