//! The policy `variables`: where the pod spec of every matched kind lives, and the
//! container lists, computed once per admission request and shared by every validation.
//! Each has `has()` guards, so a variable never fails on an object that lacks a field.

/// One entry of `spec.variables`: validations read it as `variables.<name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    /// The name (`podSpec`).
    pub name: &'static str,
    /// The CEL expression.
    pub expression: String,
}

fn var(name: &'static str, expression: &str) -> Variable {
    Variable {
        name,
        expression: expression.to_string(),
    }
}

/// The variables every policy declares, in evaluation order (later ones read earlier
/// ones). `workload` adds `runsToCompletion`, used only by the probe rules.
pub fn variables(workload: bool) -> Vec<Variable> {
    let mut out = vec![
        // The object holding `metadata` and `spec` of the pod: the Pod itself, or the pod
        // template of a controller (`{}` when a template is missing).
        var(
            "pod",
            "object.kind == 'Pod' ? object\n\
             : object.kind == 'CronJob' ? (has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) && has(object.spec.jobTemplate.spec.template) ? object.spec.jobTemplate.spec.template : {})\n\
             : object.kind == 'PodTemplate' ? (has(object.template) ? object.template : {})\n\
             : (has(object.spec) && has(object.spec.template) ? object.spec.template : {})",
        ),
        var("hasPodSpec", "has(variables.pod.spec)"),
        var(
            "podSpec",
            "has(variables.pod.spec) ? variables.pod.spec : {}",
        ),
        var(
            "podMetadata",
            "has(variables.pod.metadata) ? variables.pod.metadata : {}",
        ),
        var(
            "annotations",
            "has(variables.podMetadata.annotations) ? variables.podMetadata.annotations : {}",
        ),
        var(
            "podSecurityContext",
            "has(variables.podSpec.securityContext) ? variables.podSpec.securityContext : {}",
        ),
        var(
            "containers",
            "has(variables.podSpec.containers) ? variables.podSpec.containers : []",
        ),
        var(
            "initContainers",
            "has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []",
        ),
        var(
            "ephemeralContainers",
            "has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : []",
        ),
        // Every container, as the Pod Security Standards count them.
        var(
            "allContainers",
            "variables.containers + variables.initContainers + variables.ephemeralContainers",
        ),
        var(
            "isWindows",
            "has(variables.podSpec.os) && has(variables.podSpec.os.name) && variables.podSpec.os.name == 'windows'",
        ),
        var(
            "hostUsersFalse",
            "has(variables.podSpec.hostUsers) && variables.podSpec.hostUsers == false",
        ),
    ];
    if workload {
        // Jobs, CronJobs, Pods created by a Job, and pods that do not restart: they run
        // to completion, so liveness and readiness probes make no sense for them.
        out.push(var(
            "runsToCompletion",
            "object.kind in ['Job', 'CronJob']\n\
             || (has(variables.podSpec.restartPolicy) && variables.podSpec.restartPolicy in ['Never', 'OnFailure'])\n\
             || (has(variables.podMetadata.ownerReferences) && variables.podMetadata.ownerReferences.exists(r, has(r.kind) && r.kind == 'Job'))\n\
             || (has(variables.podMetadata.labels) && ('job-name' in variables.podMetadata.labels || 'batch.kubernetes.io/job-name' in variables.podMetadata.labels))",
        ));
    }
    out
}
