use crate::pss::util::{describe_seccomp, seccomp, Seccomp};
use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `seccompProfile_restricted`).
pub(super) const SINCE: u32 = 19;

/// From this version Windows pods (`spec.os.name: windows`) pass.
const WINDOWS_EXEMPT_FROM: u32 = 25;

declare_rule! {
    /// ## What it checks
    /// That every container runs with a seccomp profile of type `RuntimeDefault` or
    /// `Localhost` (upstream check `seccompProfile_restricted`, restricted, **v1.19+**: not
    /// run at older policy versions), from `spec.securityContext.seccompProfile` and
    /// `securityContext.seccompProfile` of init, app and ephemeral containers:
    /// - a pod-level profile of another type (`Unconfined`) fails, even when every container
    ///   sets a valid one;
    /// - a container-level profile must be valid, whatever the pod level says;
    /// - a container without a profile passes only when the pod level sets a valid one.
    ///
    /// Annotations are ignored. From **v1.25**, Windows pods (`spec.os.name: windows`) pass.
    /// In the restricted level it replaces K8S010 (`seccompProfile_baseline`). Severity:
    /// medium.
    ///
    /// ## Why it matters
    /// Without a profile most runtimes run the container unconfined: every system call of
    /// the kernel is reachable from a compromised process, including the ones behind most
    /// kernel privilege escalations (`unshare`, `keyctl`, `bpf`, `userfaultfd`). The runtime
    /// default profile blocks them at almost no compatibility cost (MITRE ATT&CK T1611,
    /// Escape to Host).
    ///
    /// ## How to fix
    /// Set it once at pod level.
    /// ```yaml
    /// # before
    /// spec: {containers: [{name: app, image: app:1.0}]}
    /// # after
    /// spec: {securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [{name: app, image: app:1.0}]}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Seccomp" (check `seccompProfile_restricted`, v1.19+, Windows exempt from v1.25)
    /// - CIS Kubernetes Benchmark 5.7.2
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct SeccompProfileRestricted {
        id: "K8S024",
        name: "seccomp-profile-restricted",
        family: "pod-security",
        severity: Medium,
        summary: "Container runs without a RuntimeDefault or Localhost seccomp profile",
        remediation: "Set securityContext.seccompProfile.type: RuntimeDefault at pod level (or Localhost with a profile).",
        tags: ["pss:restricted", "CIS-5.7.2", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for SeccompProfileRestricted {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        if cx.pss_version.at_least(WINDOWS_EXEMPT_FROM) && pod.is_windows() {
            return;
        }
        let pod_valid = match seccomp(pod.spec.get("securityContext")) {
            Seccomp::Valid => true,
            Seccomp::Unset => false,
            Seccomp::Invalid(node, kind) => {
                cx.report(
                    node.mark,
                    pod.field("securityContext.seccompProfile.type"),
                    format!("pod {}", describe_seccomp(&kind)),
                )
                .emit();
                false
            }
        };
        for c in pod.containers() {
            match seccomp(c.node.get("securityContext")) {
                Seccomp::Valid => {}
                Seccomp::Invalid(node, kind) => cx
                    .report_container(
                        &c,
                        Some(node),
                        "securityContext.seccompProfile.type",
                        format!("container `{}` {}", c.name, describe_seccomp(&kind)),
                    )
                    .emit(),
                Seccomp::Unset if pod_valid => {}
                Seccomp::Unset => cx
                    .report_container(
                        &c,
                        None,
                        "securityContext.seccompProfile.type",
                        format!(
                            "container `{}` sets no seccomp profile, nor does the pod",
                            c.name
                        ),
                    )
                    .emit(),
            }
        }
    }
}
