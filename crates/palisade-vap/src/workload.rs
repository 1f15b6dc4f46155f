//! The workload rules that CEL can decide on one object, each written to decide exactly
//! what its rule in `palisade_rules::workload` decides: K8S030–K8S034, K8S036–K8S038 and
//! K8S040. (K8S035 is off by default in Palisade and K8S039 is a heuristic over variable
//! names and values; see the crate documentation.)

use crate::expr::{has, is};
use crate::validation::{containers, pod, Validation};

/// Init and app containers: resources and root file systems do not apply to ephemeral
/// containers.
const NON_EPHEMERAL: &str = "(variables.containers + variables.initContainers)";
const ALL: &str = "variables.allContainers";
const SPEC: &str = "variables.podSpec";

/// The workload rules compiled by [`workload_validations`].
pub const WORKLOAD_RULES: &[&str] = &[
    "K8S030", "K8S031", "K8S032", "K8S033", "K8S034", "K8S036", "K8S037", "K8S038", "K8S040",
];

/// A resource quantity that is set: present and not blank (quantities are strings on the
/// API server; `string()` also accepts a bare number).
fn quantity_set(path: &str) -> String {
    format!("({} && string(c.{path}).trim() != '')", has("c", path))
}

/// The container's image is concrete (not a template placeholder) and mutable: no
/// digest, and no tag or the tag `latest` — `ImageRef::mutable` of the workload rules.
/// A `:` is a tag separator only after the last `/`; a digest follows the first `@`.
fn mutable_image() -> String {
    let i = "c.image.trim()";
    format!(
        "(has(c.image) && {i} != '' && !{i}.contains('$') && !{i}.contains('{{{{') && !{i}.contains('<')\n  \
         && !{i}.matches('^[^@]*@.')\n  \
         && (!{i}.matches(':[^/:@]+@?$') || {i}.matches('(?i):latest@?$')))"
    )
}

/// The validations of the compiled workload rules, in rule id order.
pub fn workload_validations() -> Vec<Validation> {
    let runs_to_completion = "variables.runsToCompletion";
    vec![
        containers(
            "K8S030",
            "missing-requests",
            NON_EPHEMERAL,
            &format!(
                "!(({} || {}) && ({} || {}))",
                quantity_set("resources.requests.cpu"),
                quantity_set("resources.limits.cpu"),
                quantity_set("resources.requests.memory"),
                quantity_set("resources.limits.memory"),
            ),
            None,
            "must set resources.requests.cpu and resources.requests.memory",
        ),
        containers(
            "K8S031",
            "missing-limits",
            NON_EPHEMERAL,
            &format!(
                "!({} && {})",
                quantity_set("resources.limits.cpu"),
                quantity_set("resources.limits.memory"),
            ),
            None,
            "must set resources.limits.cpu and resources.limits.memory",
        ),
        containers(
            "K8S032",
            "missing-liveness-probe",
            "variables.containers",
            "!has(c.livenessProbe)",
            Some(runs_to_completion),
            "must set a livenessProbe",
        ),
        containers(
            "K8S033",
            "missing-readiness-probe",
            "variables.containers",
            "(has(c.ports) && size(c.ports) > 0 && !has(c.readinessProbe))",
            Some(runs_to_completion),
            "declare ports and must set a readinessProbe",
        ),
        containers(
            "K8S034",
            "image-not-pinned",
            ALL,
            &mutable_image(),
            None,
            "must use an image with a fixed tag or a digest (not :latest, not untagged)",
        ),
        containers(
            "K8S036",
            "pull-policy-mutable-tag",
            ALL,
            &format!(
                "({} && {})",
                mutable_image(),
                is("c", "imagePullPolicy", "in ['IfNotPresent', 'Never']")
            ),
            None,
            "run a mutable image tag with imagePullPolicy IfNotPresent or Never: use Always, or pin the image",
        ),
        pod(
            "K8S037",
            "token-automount",
            format!(
                "!variables.hasPodSpec || {}",
                is(SPEC, "automountServiceAccountToken", "== false")
            ),
            "set spec.automountServiceAccountToken: false (mount a projected token only where the API is needed)",
        ),
        pod(
            "K8S038",
            "default-service-account",
            format!(
                "!variables.hasPodSpec\n|| ({sa_name} ? {SPEC}.serviceAccountName.trim() != 'default'\n    : ({sa} && {SPEC}.serviceAccount.trim() != 'default'))",
                sa_name = is(SPEC, "serviceAccountName", ".trim() != ''"),
                sa = is(SPEC, "serviceAccount", ".trim() != ''"),
            ),
            "set spec.serviceAccountName to a dedicated ServiceAccount (not default)",
        ),
        containers(
            "K8S040",
            "writable-root-filesystem",
            NON_EPHEMERAL,
            &format!("!{}", is("c", "securityContext.readOnlyRootFilesystem", "== true")),
            Some("variables.isWindows"),
            "must set securityContext.readOnlyRootFilesystem: true",
        ),
    ]
}
