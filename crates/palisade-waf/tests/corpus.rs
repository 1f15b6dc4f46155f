//! The labelled corpus: attack payloads (`tests/corpus/sqli.txt`, `xss.txt`) and benign
//! values and bodies (`benign.txt`, `benign-bodies/`). Prints precision and recall per
//! paranoia level and fails below the floors measured when the detectors were written, so
//! a change that loses recall or adds false positives is noticed.

use std::path::Path;

use palisade_waf::{AttackKind, Inspector, Paranoia, WafConfig};

/// Floors at paranoia 1, set from the measured figures (see the crate README).
const MIN_RECALL_SQLI: f64 = 0.97;
const MIN_RECALL_XSS: f64 = 0.97;
const MAX_FALSE_POSITIVE_RATE: f64 = 0.0;

fn corpus(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("## "))
        .map(str::to_owned)
        .collect()
}

fn encode(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Channels a value travels through: query, form body, JSON body. Returns how many of
/// them flagged it, and the rules seen.
fn flagged(inspector: &Inspector, value: &str) -> (usize, Vec<(&'static str, AttackKind)>) {
    let query = format!("q={}", encode(value));
    let json = serde_json::json!({ "comment": value }).to_string();
    let results = [
        inspector.inspect_query(&query),
        inspector.inspect_body(Some("application/x-www-form-urlencoded"), query.as_bytes()),
        inspector.inspect_body(Some("application/json"), json.as_bytes()),
    ];
    let hits = results.iter().filter(|r| !r.is_empty()).count();
    let rules = results.iter().flatten().map(|d| (d.rule, d.kind)).collect();
    (hits, rules)
}

struct Figures {
    sqli_recall: f64,
    xss_recall: f64,
    fp_rate: f64,
    precision: f64,
}

fn measure(level: u8, verbose: bool) -> Figures {
    let inspector = Inspector::new(WafConfig {
        paranoia: Paranoia::try_from(level).unwrap(),
        ..WafConfig::default()
    });
    let mut tp = 0usize;
    let mut recall = Vec::new();
    for (file, kind) in [("sqli.txt", AttackKind::Sqli), ("xss.txt", AttackKind::Xss)] {
        let attacks = corpus(file);
        let mut caught = 0;
        for a in &attacks {
            let (hits, rules) = flagged(&inspector, a);
            // An attack counts as caught only when every channel flags it.
            if hits == 3 {
                caught += 1;
            } else if verbose {
                println!("MISSED {kind} ({hits}/3 channels): {a:?}");
            }
            if verbose && hits > 0 && !rules.iter().any(|(_, k)| *k == kind) {
                println!("WRONG KIND {kind}: {a:?} -> {rules:?}");
            }
        }
        tp += caught;
        recall.push(caught as f64 / attacks.len() as f64);
    }
    let benign = corpus("benign.txt");
    let mut fp = 0usize;
    let mut total = 0usize;
    for b in &benign {
        total += 1;
        let (hits, rules) = flagged(&inspector, b);
        if hits > 0 {
            fp += 1;
            if verbose {
                println!("FALSE POSITIVE: {b:?} -> {rules:?}");
            }
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/benign-bodies");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let body = std::fs::read(&path).unwrap();
        let ct = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => "application/json",
            Some("md") => "text/markdown",
            _ => "text/plain",
        };
        total += 1;
        let found = inspector.inspect_body(Some(ct), &body);
        if !found.is_empty() {
            fp += 1;
            if verbose {
                println!("FALSE POSITIVE body {}: {found:?}", path.display());
            }
        }
    }
    Figures {
        sqli_recall: recall[0],
        xss_recall: recall[1],
        fp_rate: fp as f64 / total as f64,
        precision: tp as f64 / (tp + fp) as f64,
    }
}

#[test]
fn corpus_precision_and_recall_stay_above_the_floors() {
    for level in 1..=4u8 {
        let f = measure(level, level == 1);
        println!(
            "paranoia {level}: recall sqli {:.3}, recall xss {:.3}, false positives {:.3}, precision {:.3}",
            f.sqli_recall, f.xss_recall, f.fp_rate, f.precision
        );
        if level == 1 {
            assert!(
                f.sqli_recall >= MIN_RECALL_SQLI,
                "SQLi recall {:.3} below floor",
                f.sqli_recall
            );
            assert!(
                f.xss_recall >= MIN_RECALL_XSS,
                "XSS recall {:.3} below floor",
                f.xss_recall
            );
            assert!(
                f.fp_rate <= MAX_FALSE_POSITIVE_RATE,
                "false positive rate {:.3} above floor",
                f.fp_rate
            );
        }
    }
}
