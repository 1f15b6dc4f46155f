//! `opa test` for Palisade: every `test_*` rule in every package of the loaded `.rego`
//! files runs once; it passes when it is defined and not `false`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use regex::Regex;

use crate::{PolicyError, PolicyOptions, PolicySet};

/// How one test ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestOutcome {
    /// Defined and not `false`.
    Pass,
    /// `false` or undefined (a body condition did not hold).
    Fail,
    /// Evaluation failed: the message, with the Rego file and line when known.
    Error(String),
}

/// One test's result.
#[derive(Clone, Debug)]
pub struct TestResult {
    /// Package, without `data.`.
    pub package: String,
    /// Rule name (`test_...`).
    pub name: String,
    /// File and line of the test.
    pub path: String,
    /// 1-based line of the test's head.
    pub line: u32,
    /// Pass, fail or error.
    pub outcome: TestOutcome,
    /// Time the evaluation took.
    pub duration: Duration,
}

/// Loads the `.rego` files under `paths` (Gatekeeper documents are loaded and checked
/// too) and runs their `test_*` rules, those whose `data.<package>.<name>` matches
/// `filter` when given. Compile errors are a [`PolicyError`] (file and line).
pub fn run_tests(
    paths: &[PathBuf],
    filter: Option<&Regex>,
) -> Result<Vec<TestResult>, PolicyError> {
    let set = PolicySet::load(
        paths,
        &PolicyOptions {
            namespaces: Vec::new(),
            all_namespaces: true,
        },
    )?;
    let conftest = set.conftest();
    let Some(pool) = &conftest.pool else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for t in &conftest.tests {
        let query = format!("data.{}.{}", t.package, t.name);
        if filter.is_some_and(|f| !f.is_match(&query)) {
            continue;
        }
        let started = Instant::now();
        let outcome = pool.with(|engine| {
            engine.set_input(regorus::Value::new_object());
            match engine.eval_rule(query.clone()) {
                Ok(regorus::Value::Bool(false) | regorus::Value::Undefined) => TestOutcome::Fail,
                Ok(_) => TestOutcome::Pass,
                Err(e) => {
                    let err = conftest.eval_error(&query, &format!("{e:#}"));
                    TestOutcome::Error(err.to_string())
                }
            }
        });
        out.push(TestResult {
            package: t.package.clone(),
            name: t.name.clone(),
            path: t.path.clone(),
            line: t.line,
            outcome,
            duration: started.elapsed(),
        });
    }
    Ok(out)
}
