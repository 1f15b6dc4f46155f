use crate::pss::util::{annotation_field, annotation_value, describe_seccomp, seccomp, Seccomp};
use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `seccompProfile_baseline`).
pub(super) const SINCE: u32 = 0;

/// From this version the fields are checked instead of the annotations.
const FIELDS_FROM: u32 = 19;

/// The pod-wide seccomp annotation (before v1.19).
const POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";

/// Prefix of the per-container seccomp annotations (before v1.19).
const CONTAINER_ANNOTATION_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";

declare_rule! {
    /// ## What it checks
    /// Seccomp explicitly switched off (upstream check `seccompProfile_baseline`, baseline,
    /// v1.0+). An unset profile passes at this level.
    /// - **v1.19 and later**: `spec.securityContext.seccompProfile` and
    ///   `securityContext.seccompProfile` of init, app and ephemeral containers: a present
    ///   profile must have type `RuntimeDefault` or `Localhost` (`Unconfined` fails).
    ///   Annotations are ignored.
    /// - **before v1.19**: the annotations `seccomp.security.alpha.kubernetes.io/pod` and
    ///   `container.seccomp.security.alpha.kubernetes.io/<container name>` (for names of the
    ///   pod's containers): a present value must be `runtime/default`, `docker/default` or
    ///   start with `localhost/`; an empty value fails. Fields are ignored.
    ///
    /// In the restricted level from v1.19 this check is replaced by K8S024
    /// (`seccompProfile_restricted`), which also requires a profile. Severity: medium.
    ///
    /// ## Why it matters
    /// Seccomp filters the system calls a container may make; the runtime default blocks
    /// the rarely needed and historically exploitable ones (`unshare`, `keyctl`, `bpf`,
    /// `ptrace` on old kernels...). `Unconfined` exposes the whole kernel system call
    /// surface to a compromised process (MITRE ATT&CK T1611, Escape to Host).
    ///
    /// ## How to fix
    /// Use the runtime default (or a node-local profile).
    /// ```yaml
    /// # before
    /// securityContext: {seccompProfile: {type: Unconfined}}
    /// # after
    /// securityContext: {seccompProfile: {type: RuntimeDefault}}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Seccomp" (check `seccompProfile_baseline`, annotations v1.0–v1.18, fields v1.19+)
    /// - CIS Kubernetes Benchmark 5.7.2
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct SeccompProfileBaseline {
        id: "K8S010",
        name: "seccomp-profile-baseline",
        family: "pod-security",
        severity: Medium,
        summary: "Seccomp is explicitly disabled (Unconfined)",
        remediation: "Set seccompProfile.type to RuntimeDefault or Localhost (or remove the Unconfined profile).",
        tags: ["pss:baseline", "CIS-5.7.2", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for SeccompProfileBaseline {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        if cx.pss_version.at_least(FIELDS_FROM) {
            check_fields(cx);
        } else {
            check_annotations(cx);
        }
    }
}

fn check_fields(cx: &mut Cx<'_>) {
    let Some(pod) = cx.pod() else { return };
    if let Seccomp::Invalid(node, kind) = seccomp(pod.spec.get("securityContext")) {
        cx.report(
            node.mark,
            pod.field("securityContext.seccompProfile.type"),
            format!("pod {}", describe_seccomp(&kind)),
        )
        .emit();
    }
    for c in pod.containers() {
        if let Seccomp::Invalid(node, kind) = seccomp(c.node.get("securityContext")) {
            cx.report_container(
                &c,
                Some(node),
                "securityContext.seccompProfile.type",
                format!("container `{}` {}", c.name, describe_seccomp(&kind)),
            )
            .emit();
        }
    }
}

fn check_annotations(cx: &mut Cx<'_>) {
    let Some(pod) = cx.pod() else { return };
    let allowed =
        |v: &str| v == "runtime/default" || v == "docker/default" || v.starts_with("localhost/");
    if let Some(node) = pod.annotation(POD_ANNOTATION) {
        if let Some(value) = annotation_value(node).filter(|v| !allowed(v)) {
            cx.report(
                node.mark,
                annotation_field(&pod, POD_ANNOTATION),
                format!("pod seccomp annotation sets profile `{value}`"),
            )
            .key(POD_ANNOTATION)
            .emit();
        }
    }
    for c in pod.containers() {
        let key = format!("{CONTAINER_ANNOTATION_PREFIX}{}", c.name);
        let Some(node) = pod.annotation(&key) else {
            continue;
        };
        if let Some(value) = annotation_value(node).filter(|v| !allowed(v)) {
            cx.report(
                node.mark,
                annotation_field(&pod, &key),
                format!(
                    "seccomp annotation for container `{}` sets profile `{value}`",
                    c.name
                ),
            )
            .container(c.name)
            .key(key.clone())
            .emit();
        }
    }
}
