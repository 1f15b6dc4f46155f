use palisade_yaml::Node;

use crate::pss::util::present;
use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `allowPrivilegeEscalation`).
pub(super) const SINCE: u32 = 8;

/// From this version Windows pods (`spec.os.name: windows`) pass.
const WINDOWS_EXEMPT_FROM: u32 = 25;

declare_rule! {
    /// ## What it checks
    /// Init, app and ephemeral containers that do not set
    /// `securityContext.allowPrivilegeEscalation` to an explicit `false` (upstream check
    /// `allowPrivilegeEscalation`, restricted, **v1.8+**: not run at older policy versions).
    /// Unset fails as well as `true`. From **v1.25**, Windows pods (`spec.os.name:
    /// windows`) pass. Severity: medium.
    ///
    /// ## Why it matters
    /// Unless it is `false`, the kernel's `no_new_privs` flag is not set, so a process in
    /// the container can gain privileges by running a setuid or file-capability binary
    /// (`sudo`, `su`, a planted setuid shell). That turns a foothold as a non-root user into
    /// root in the container, the first step of most escapes (MITRE ATT&CK T1548, Abuse
    /// Elevation Control Mechanism).
    ///
    /// ## How to fix
    /// Set it explicitly on every container, init containers included.
    /// ```yaml
    /// # before
    /// securityContext: {}
    /// # after
    /// securityContext: {allowPrivilegeEscalation: false}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Privilege Escalation" (check `allowPrivilegeEscalation`, v1.8+, Windows exempt from v1.25)
    /// - CIS Kubernetes Benchmark 5.2.6
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1548 Abuse Elevation Control Mechanism
    pub struct AllowPrivilegeEscalation {
        id: "K8S021",
        name: "allow-privilege-escalation",
        family: "pod-security",
        severity: Medium,
        summary: "Container does not set allowPrivilegeEscalation: false",
        remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
        tags: ["pss:restricted", "CIS-5.2.6", "NSA-CISA:pod-security", "MITRE:T1548"],
    }
}

impl Rule for AllowPrivilegeEscalation {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        if cx.pss_version.at_least(WINDOWS_EXEMPT_FROM) && pod.is_windows() {
            return;
        }
        for c in pod.containers() {
            let node = c.security("allowPrivilegeEscalation");
            match node.and_then(Node::as_bool) {
                Some(false) => {}
                Some(true) => cx
                    .report_container(
                        &c,
                        node,
                        "securityContext.allowPrivilegeEscalation",
                        format!("container `{}` allows privilege escalation", c.name),
                    )
                    .emit(),
                None => cx
                    .report_container(
                        &c,
                        present(node),
                        "securityContext.allowPrivilegeEscalation",
                        format!(
                            "container `{}` does not set allowPrivilegeEscalation: false",
                            c.name
                        ),
                    )
                    .emit(),
            }
        }
    }
}
