use crate::pss::util::non_default_proc_mounts;
use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `procMount_restricted`).
pub(super) const SINCE: u32 = 35;

declare_rule! {
    /// ## What it checks
    /// Containers (init, app and ephemeral) whose `securityContext.procMount` is set to
    /// anything but `Default` — **including** in pods with `spec.hostUsers: false`
    /// (upstream check `procMount_restricted`, restricted, **v1.35+**: not run at older
    /// policy versions). In the restricted level it replaces K8S009 (`procMount`), whose
    /// baseline variant relaxes for user-namespace pods from v1.35. Severity: medium.
    ///
    /// ## Why it matters
    /// An unmasked `/proc` exposes kernel interfaces (`/proc/sys`, `/proc/sysrq-trigger`,
    /// `/proc/kcore`) that the runtime normally hides. A user namespace reduces what root in
    /// the container can do with them, but the restricted level keeps the hardened default
    /// anyway: fewer kernel interfaces, smaller attack surface (MITRE ATT&CK T1611).
    ///
    /// ## How to fix
    /// Remove `procMount` (or set it to `Default`).
    /// ```yaml
    /// # before
    /// spec: {hostUsers: false, containers: [{name: app, securityContext: {procMount: Unmasked}}]}
    /// # after
    /// spec: {hostUsers: false, containers: [{name: app, securityContext: {}}]}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "/proc Mount Type" (check `procMount_restricted`, v1.35+)
    /// - CIS Kubernetes Benchmark 5.7.3 (apply security context to pods and containers)
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct ProcMountRestricted {
        id: "K8S026",
        name: "proc-mount-restricted",
        family: "pod-security",
        severity: Medium,
        summary: "Container unmasks /proc, even in a user namespace",
        remediation: "Remove securityContext.procMount or set it to Default.",
        tags: ["pss:restricted", "CIS-5.7.3", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for ProcMountRestricted {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
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
