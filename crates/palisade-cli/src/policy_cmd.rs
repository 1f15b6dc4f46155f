//! Rego policies in the CLI: `scan --policy`, `palisade policy test`, `palisade policy
//! eval` and `explain --policy`. The logic lives in `palisade-policy`.

use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

use palisade_core::{Finding, InputError};
use palisade_k8s::Object;
use palisade_policy::{PolicyOptions, PolicySet, Review, TestOutcome};
use rayon::prelude::*;

use crate::args::{PolicyCommand, PolicyEvalArgs, PolicyTestArgs, RegoArgs};
use crate::{exit, Failure};

/// Loads the policies named by `--policy` (none: `None`). A policy that does not load is a
/// configuration error (exit 2) naming its file and line.
pub fn load(rego: &RegoArgs) -> Result<Option<PolicySet>, Failure> {
    if rego.policy_paths.is_empty() {
        return Ok(None);
    }
    let opts = PolicyOptions {
        namespaces: if rego.namespace.is_empty() {
            vec!["main".to_string()]
        } else {
            rego.namespace.clone()
        },
        all_namespaces: rego.all_namespaces,
    };
    PolicySet::load(&rego.policy_paths, &opts)
        .map(Some)
        .map_err(|e| Failure::Usage(format!("policy: {e}")))
}

/// Runs every policy on every object (in parallel). Findings of rules the configuration
/// turned off are dropped; policies that failed on an object are reported as input errors
/// of that object's file.
pub fn evaluate(
    set: &PolicySet,
    objects: &[Object],
    enabled: &(dyn Fn(&palisade_core::RuleMeta) -> bool + Sync),
) -> (Vec<Finding>, Vec<InputError>) {
    // Namespace labels from the Namespace objects scanned, for `namespaceSelector`.
    let namespaces: HashMap<&str, Vec<(String, String)>> = objects
        .iter()
        .filter(|o| o.kind == "Namespace")
        .map(|o| (o.name.as_str(), o.labels()))
        .collect();
    let results: Vec<_> = objects
        .par_iter()
        .map(|o| {
            let mut review = Review::for_scan(o);
            review.namespace_labels = review
                .namespace
                .as_deref()
                .and_then(|ns| namespaces.get(ns).cloned());
            (o, set.evaluate(o, &review))
        })
        .collect();
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    for (o, ev) in results {
        for v in ev.violations {
            if set.lookup(&v.finding.rule).is_none_or(enabled) {
                findings.push(v.finding);
            }
        }
        for e in ev.errors {
            errors.push(InputError {
                path: o.path.to_string(),
                line: Some(o.node.mark.line),
                column: Some(o.node.mark.column),
                message: format!("policy failed on {}: {e}", o.reference()),
            });
        }
    }
    (findings, errors)
}

/// `palisade policy ...`.
pub fn run(cmd: PolicyCommand) -> Result<u8, Failure> {
    match cmd {
        PolicyCommand::Test(args) => test(args),
        PolicyCommand::Eval(args) => eval(args),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3}ms", d.as_secs_f64() * 1000.0)
}

fn test(args: PolicyTestArgs) -> Result<u8, Failure> {
    let filter = args
        .run
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| Failure::Usage(format!("--run: {e}")))?;
    let results = palisade_policy::run_tests(&args.paths, filter.as_ref())
        .map_err(|e| Failure::Usage(format!("policy: {e}")))?;
    let mut out = std::io::stdout().lock();
    if results.is_empty() {
        writeln!(out, "no tests found (test rules are named test_*)")?;
        return Ok(exit::CLEAN);
    }
    let (mut pass, mut fail, mut error) = (0, 0, 0);
    for r in &results {
        let name = format!("data.{}.{}", r.package, r.name);
        match &r.outcome {
            TestOutcome::Pass => {
                pass += 1;
                if args.verbose {
                    writeln!(
                        out,
                        "{}:{}: {name}: PASS ({})",
                        r.path,
                        r.line,
                        ms(r.duration)
                    )?;
                }
            }
            TestOutcome::Fail => {
                fail += 1;
                writeln!(
                    out,
                    "{}:{}: {name}: FAIL ({})",
                    r.path,
                    r.line,
                    ms(r.duration)
                )?;
            }
            TestOutcome::Error(msg) => {
                error += 1;
                writeln!(out, "{}:{}: {name}: ERROR\n  {msg}", r.path, r.line)?;
            }
        }
    }
    let total = results.len();
    writeln!(out, "{}", "-".repeat(60))?;
    writeln!(out, "PASS: {pass}/{total}")?;
    if fail > 0 {
        writeln!(out, "FAIL: {fail}/{total}")?;
    }
    if error > 0 {
        writeln!(out, "ERROR: {error}/{total}")?;
    }
    Ok(if fail + error > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

fn eval(args: PolicyEvalArgs) -> Result<u8, Failure> {
    if args.rego.policy_paths.is_empty() {
        return Err(Failure::Usage(
            "policy eval needs --policy DIR (the policies to evaluate)".into(),
        ));
    }
    let Some(set) = load(&args.rego)? else {
        return Ok(exit::CLEAN);
    };
    let text = if args.input == "-" {
        let bytes =
            crate::stdin::bytes(palisade_k8s::DEFAULT_MAX_FILE_BYTES).map_err(Failure::Usage)?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        std::fs::read_to_string(&args.input)
            .map_err(|e| Failure::Usage(format!("{}: cannot read input: {e}", args.input)))?
    };
    let stream = palisade_yaml::load(&text);
    if let Some(e) = stream.error {
        return Err(Failure::Usage(format!(
            "{}:{}: invalid input: {}",
            args.input, e.mark, e.message
        )));
    }
    let mut results = Vec::new();
    for doc in stream.documents {
        let input = doc.root.to_json();
        let v = set
            .query(&input, args.query.as_deref())
            .map_err(|e| Failure::Usage(format!("policy eval: {e}")))?;
        results.push(v);
    }
    let shown = if results.len() == 1 {
        results.remove(0)
    } else {
        serde_json::Value::Array(results)
    };
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &shown).map_err(std::io::Error::other)?;
    writeln!(out)?;
    Ok(exit::CLEAN)
}
