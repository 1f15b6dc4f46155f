use crate::pss::util::{host_users_false, non_default_proc_mounts};
use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `procMount`).
pub(super) const SINCE: u32 = 0;

/// From this version, user-namespace pods (`hostUsers: false`) pass.
const HOST_USERS_RELAXATION: u32 = 35;

declare_rule! {
    /// ## What it checks
    /// Containers (init, app and ephemeral) whose `securityContext.procMount` is set to
    /// anything but `Default`, such as `Unmasked` (upstream check `procMount`, baseline,
    /// v1.0+). From **v1.35**, pods with `spec.hostUsers: false` (their own user namespace)
    /// pass whatever the value; below v1.35 they do not. Severity: high.
    ///
    /// In the restricted level from v1.35 this check is replaced by K8S026
    /// (`procMount_restricted`), which keeps the block for user-namespace pods too.
    ///
    /// ## Why it matters
    /// The runtime masks and mounts read-only the parts of `/proc` that reach into the
    /// kernel (`/proc/sys`, `/proc/sysrq-trigger`, `/proc/kcore`, ...). `Unmasked` removes
    /// that: a process in the container can read kernel memory and information about the
    /// node, and with root write kernel settings of the node (MITRE ATT&CK T1611, Escape to
    /// Host). In a user namespace, root in the container is not root on the node, which is
    /// why the baseline level relaxes there.
    ///
    /// ## How to fix
    /// Remove `procMount` (or set it to `Default`).
    /// ```yaml
    /// # before
    /// securityContext: {procMount: Unmasked}
    /// # after
    /// securityContext: {}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "/proc Mount Type" (check `procMount`, v1.0+, `hostUsers: false` relaxation from v1.35)
    /// - CIS Kubernetes Benchmark 5.7.3 (apply security context to pods and containers)
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct ProcMount {
        id: "K8S009",
        name: "proc-mount",
        family: "pod-security",
        severity: High,
        summary: "Container unmasks /proc (procMount other than Default)",
        remediation: "Remove securityContext.procMount or set it to Default.",
        tags: ["pss:baseline", "CIS-5.7.3", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for ProcMount {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        if cx.pss_version.at_least(HOST_USERS_RELAXATION) && host_users_false(&pod) {
            return;
        }
        for (c, node, value) in non_default_proc_mounts(&pod) {
            cx.report_container(
                &c,
                Some(node),
                "securityContext.procMount",
                format!("container `{}` uses procMount `{value}`", c.name),
            )
            .emit();
        }
    }
}
