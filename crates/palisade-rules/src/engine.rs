use std::collections::HashMap;

use palisade_core::{Finding, RuleMeta};
use palisade_k8s::Object;
use rayon::prelude::*;

use crate::context::{Cx, PssVersion, ScanCx, Settings};
use crate::network::model::Network;
use crate::{all, Rule};

/// The annotation that suppresses rules on one object: `"K8S001: reason; K8S030: reason"`.
pub const IGNORE_ANNOTATION: &str = "palisade.dev/ignore";

/// The labels that pin the Pod Security Standards version of a namespace, in the order a
/// scan prefers them: the version that is enforced, else the one warned or audited about.
const VERSION_LABELS: [&str; 3] = [
    "pod-security.kubernetes.io/enforce-version",
    "pod-security.kubernetes.io/warn-version",
    "pod-security.kubernetes.io/audit-version",
];

/// What running the rules produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Findings, unsorted.
    pub findings: Vec<Finding>,
    /// Findings suppressed by `palisade.dev/ignore` annotations.
    pub suppressed: usize,
    /// Notices for people (malformed ignore annotations).
    pub warnings: Vec<String>,
}

/// Runs every enabled rule over `objects`: per-object rules in parallel, then whole-scan
/// rules, then object annotations that suppress findings.
pub fn run(
    objects: &[Object],
    settings: &Settings,
    enabled: &dyn Fn(&RuleMeta) -> bool,
) -> Outcome {
    let rules: Vec<&'static dyn Rule> = all()
        .iter()
        .copied()
        .filter(|r| enabled(r.meta()))
        .collect();
    let namespace_versions = namespace_versions(objects);

    let check = |out: &mut Vec<Finding>, obj: &Object| {
        let pss_version = namespace_versions
            .get(obj.namespace_or_default())
            .copied()
            .unwrap_or(settings.pss_version);
        let pod = obj.pod();
        for rule in &rules {
            let mut cx = Cx {
                meta: rule.meta(),
                obj,
                pss_version,
                pod,
                out: &mut *out,
            };
            rule.check(&mut cx);
        }
    };
    let mut findings: Vec<Finding> = if objects.len() < 2 {
        // One object (an admission review): handing it to the rayon pool costs a thread
        // wake-up and a cross-core hop for no parallelism; run it on the calling thread.
        let mut out = Vec::new();
        for obj in objects {
            check(&mut out, obj);
        }
        out
    } else {
        // Each rayon job appends the findings of its run of objects to one vector, and the
        // vectors are concatenated in object order: a finding is moved once or twice, not
        // once per intermediate collection.
        objects
            .par_iter()
            .fold(Vec::new, |mut out, obj| {
                check(&mut out, obj);
                out
            })
            .reduce(Vec::new, |mut left, mut right| {
                if left.is_empty() {
                    return right;
                }
                left.append(&mut right);
                left
            })
    };

    let network = rules
        .iter()
        .any(|r| r.meta().family == "network")
        .then(|| Network::new(objects));
    for rule in &rules {
        let mut cx = ScanCx {
            meta: rule.meta(),
            settings,
            namespace_versions: &namespace_versions,
            network: network.as_ref(),
            out: &mut findings,
        };
        rule.check_scan(objects, &mut cx);
    }

    let mut outcome = Outcome::default();
    let ignores = annotation_ignores(objects, &mut outcome.warnings);
    if !ignores.is_empty() {
        // Filtered in place: findings are large and numerous, a second vector would be a
        // second copy of all of them.
        let before = findings.len();
        findings.retain(|f| {
            let hidden = f.location.object.as_ref().is_some_and(|o| {
                ignores.iter().any(|(path, obj, rule)| {
                    **path == *f.location.path
                        && obj == o
                        && crate::lookup(&f.rule).is_some_and(|r| r.meta().answers_to(rule))
                })
            });
            !hidden
        });
        outcome.suppressed = before - findings.len();
    }
    outcome.findings = findings;
    outcome
}

/// PSS versions pinned by `Namespace` objects of the scan. An invalid value means `latest`,
/// as in the admission plugin.
fn namespace_versions(objects: &[Object]) -> HashMap<String, PssVersion> {
    objects
        .iter()
        .filter(|o| o.kind == "Namespace")
        .filter_map(|o| {
            let labels = o.labels();
            let label = VERSION_LABELS
                .iter()
                .find_map(|wanted| labels.iter().find(|(k, _)| k == wanted))?;
            let version = PssVersion::parse(&label.1).unwrap_or(PssVersion::LATEST);
            Some((o.name.clone(), version))
        })
        .collect()
}

type AnnotationIgnore<'a> = (&'a str, palisade_core::ObjectRef, String);

fn annotation_ignores<'a>(
    objects: &'a [Object],
    warnings: &mut Vec<String>,
) -> Vec<AnnotationIgnore<'a>> {
    let mut out = Vec::new();
    for obj in objects {
        let Some(value) = obj.annotation(IGNORE_ANNOTATION) else {
            continue;
        };
        for entry in value
            .split([';', '\n'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            match entry.split_once(':') {
                Some((rule, reason)) if !reason.trim().is_empty() && crate::lookup(rule.trim()).is_some() => {
                    out.push((&*obj.path, obj.reference(), rule.trim().to_string()));
                }
                _ => warnings.push(format!(
                    "{}: {}: ignored malformed `{IGNORE_ANNOTATION}` entry `{entry}`: expected `RULE: reason` with a known rule id",
                    obj.path,
                    obj.reference()
                )),
            }
        }
    }
    out
}
