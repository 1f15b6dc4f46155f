//! Shared by the tests: evaluating a generated policy with the `cel` interpreter the way
//! the API server evaluates a ValidatingAdmissionPolicy, and turning a manifest into the
//! object the API server would hand to it.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cel::objects::Map;
use cel::{Context, Env, Program, Value as Cel};
use serde_json::Value as Json;

/// The interpreter's environment: the CEL standard library, its macros (`has`, `all`,
/// `exists`, `exists_one`, `map`, `filter`) and the extended strings library
/// (`trim`, `join`, ...), which Kubernetes also provides. No function is added.
pub fn env() -> Arc<Env> {
    let mut env = Env::stdlib();
    env.add_extension(cel::extensions::strings)
        .expect("the strings extension registers once");
    Arc::new(env)
}

/// A policy compiled for the interpreter, from the generated document.
pub struct Policy {
    pub name: String,
    pub variables: Vec<(String, Program)>,
    /// Rule id (from the message), expression, message expression.
    pub validations: Vec<(String, Program, Option<Program>)>,
    pub match_conditions: Vec<Program>,
}

fn compile(env: &Env, what: &str, source: &str) -> Program {
    env.compile(source)
        .unwrap_or_else(|e| panic!("{what}: does not parse: {e:?}\n{source}"))
}

impl Policy {
    /// Compiles every expression of a ValidatingAdmissionPolicy document.
    pub fn from_document(env: &Env, doc: &Json) -> Policy {
        let name = doc["metadata"]["name"].as_str().expect("name").to_string();
        let spec = &doc["spec"];
        let variables = spec["variables"]
            .as_array()
            .expect("variables")
            .iter()
            .map(|v| {
                let n = v["name"].as_str().expect("variable name").to_string();
                let p = compile(env, &n, v["expression"].as_str().expect("expression"));
                (n, p)
            })
            .collect();
        let validations = spec["validations"]
            .as_array()
            .expect("validations")
            .iter()
            .map(|v| {
                let message = v["message"].as_str().expect("message");
                let rule = message.split(' ').next().expect("rule id").to_string();
                let e = compile(env, message, v["expression"].as_str().expect("expression"));
                let m = v["messageExpression"]
                    .as_str()
                    .map(|m| compile(env, message, m));
                (rule, e, m)
            })
            .collect();
        let match_conditions = spec["matchConditions"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| compile(env, "matchCondition", c["expression"].as_str().unwrap()))
                    .collect()
            })
            .unwrap_or_default();
        Policy {
            name,
            variables,
            validations,
            match_conditions,
        }
    }

    /// The rule ids this policy implements.
    pub fn rules(&self) -> BTreeSet<String> {
        self.validations.iter().map(|(r, _, _)| r.clone()).collect()
    }

    /// Evaluates the policy on `object` as an admission of a CREATE: the failing rules,
    /// each with the messages of its failing validations. An evaluation error is an `Err`
    /// (with `failurePolicy: Fail` the API server would deny the request).
    pub fn evaluate(
        &self,
        env: &Arc<Env>,
        object: &Cel,
    ) -> Result<BTreeMap<String, Vec<String>>, String> {
        let mut ctx = Context::with_env(env.clone());
        ctx.add_variable_from_value("object", object.clone());
        let mut vars: HashMap<String, Cel> = HashMap::new();
        for (name, program) in &self.variables {
            ctx.add_variable_from_value("variables", Cel::from(vars.clone()));
            let value = program
                .execute(&ctx)
                .map_err(|e| format!("variable {name}: {e:?}"))?;
            vars.insert(name.clone(), value);
        }
        ctx.add_variable_from_value("variables", Cel::from(vars));
        let mut failing: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (rule, expression, message) in &self.validations {
            match expression.execute(&ctx) {
                Ok(Cel::Bool(true)) => {}
                Ok(Cel::Bool(false)) => {
                    let text = match message {
                        Some(m) => match m.execute(&ctx) {
                            Ok(Cel::String(s)) => s.to_string(),
                            other => {
                                return Err(format!(
                                    "{rule}: messageExpression gave {other:?}, not a string"
                                ))
                            }
                        },
                        None => String::new(),
                    };
                    failing.entry(rule.clone()).or_default().push(text);
                }
                other => return Err(format!("{rule}: expression gave {other:?}")),
            }
        }
        Ok(failing)
    }

    /// Evaluates the match conditions with `request`, `object` and `oldObject`.
    pub fn matches(&self, env: &Arc<Env>, request: &Json, object: &Json, old: &Json) -> bool {
        let mut ctx = Context::with_env(env.clone());
        ctx.add_variable_from_value("request", api_object(request));
        ctx.add_variable_from_value("object", api_object(object));
        ctx.add_variable_from_value("oldObject", api_object(old));
        self.match_conditions
            .iter()
            .all(|p| matches!(p.execute(&ctx), Ok(Cel::Bool(true))))
    }
}

/// The object as the API server hands it to admission CEL: decoded into typed fields and
/// encoded back, so an explicit `null` is an absent field, and `annotations`/`labels`
/// (string maps) hold strings (`null` becomes `""`).
pub fn api_object(json: &Json) -> Cel {
    convert(json, false).unwrap_or(Cel::Null)
}

fn convert(json: &Json, string_map: bool) -> Option<Cel> {
    Some(match json {
        Json::Null => return None,
        Json::Bool(b) => Cel::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Cel::Int(i),
            None => Cel::Float(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Cel::String(Arc::new(s.clone())),
        Json::Array(items) => Cel::List(Arc::new(
            items
                .iter()
                .map(|i| convert(i, false).unwrap_or(Cel::Null))
                .collect(),
        )),
        Json::Object(map) => {
            let mut out: HashMap<String, Cel> = HashMap::new();
            for (k, v) in map {
                if string_map {
                    let text = match v {
                        Json::Null => String::new(),
                        Json::String(s) => s.clone(),
                        Json::Bool(_) | Json::Number(_) => v.to_string(),
                        _ => continue,
                    };
                    out.insert(k.clone(), Cel::String(Arc::new(text)));
                } else if let Some(c) = convert(v, k == "annotations" || k == "labels") {
                    out.insert(k.clone(), c);
                }
            }
            Cel::Map(Map::from(out))
        }
    })
}

/// Files under `dir` ending in `.yaml`/`.yml`, sorted.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect(dir, &mut out);
    out.sort();
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// The shared corpus (`/work/shared/corpus` beside the worktree, as in CI).
pub fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// The rule fixtures of `palisade-rules`.
pub fn rule_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../palisade-rules/tests/fixtures")
}

/// Reads back a YAML stream with the project's loader, one JSON value per document.
pub fn read_back(yaml: &str) -> Vec<Json> {
    let stream = palisade_yaml::load(yaml);
    assert!(stream.error.is_none(), "generated YAML: {:?}", stream.error);
    stream.documents.iter().map(|d| d.root.to_json()).collect()
}
