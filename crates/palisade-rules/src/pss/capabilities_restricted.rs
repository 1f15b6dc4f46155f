use palisade_yaml::Node;

use crate::pss::util::present;
use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `capabilities_restricted`).
pub(super) const SINCE: u32 = 22;

/// From this version Windows pods (`spec.os.name: windows`) pass.
const WINDOWS_EXEMPT_FROM: u32 = 25;

/// The only capability the restricted level lets a container add.
const ALLOWED_ADD: &str = "NET_BIND_SERVICE";

declare_rule! {
    /// ## What it checks
    /// That every init, app and ephemeral container drops all capabilities and adds back
    /// at most `NET_BIND_SERVICE` (upstream check `capabilities_restricted`, restricted,
    /// **v1.22+**: not run at older policy versions):
    /// - `securityContext.capabilities.drop` must contain the exact string `ALL` (dropping
    ///   every capability by name, or `all` in lower case, does not count);
    /// - every entry of `securityContext.capabilities.add` must be exactly
    ///   `NET_BIND_SERVICE`.
    ///
    /// From **v1.25**, Windows pods (`spec.os.name: windows`) pass. In the restricted level
    /// it replaces K8S003 (`capabilities_baseline`). One finding for a missing `drop: [ALL]`
    /// and one per added capability. Severity: medium.
    ///
    /// ## Why it matters
    /// Even a non-root process can use file capabilities, and root in a container keeps the
    /// runtime's default set (`CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `SETUID`, `NET_RAW`, ...):
    /// enough to read any file in the container, spoof network traffic or become another
    /// user. Dropping everything makes the process's privileges exactly what it was
    /// designed with (MITRE ATT&CK T1548, Abuse Elevation Control Mechanism).
    ///
    /// ## How to fix
    /// Drop `ALL`, and add back `NET_BIND_SERVICE` only to bind ports below 1024.
    /// ```yaml
    /// # before
    /// securityContext: {capabilities: {add: [CHOWN]}}
    /// # after
    /// securityContext: {capabilities: {drop: [ALL]}}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Capabilities" (check `capabilities_restricted`, v1.22+, Windows exempt from v1.25)
    /// - CIS Kubernetes Benchmark 5.2.8, 5.2.9, 5.2.10
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1548 Abuse Elevation Control Mechanism
    pub struct CapabilitiesRestricted {
        id: "K8S025",
        name: "capabilities-restricted",
        family: "pod-security",
        severity: Medium,
        summary: "Container does not drop ALL capabilities, or adds one other than NET_BIND_SERVICE",
        remediation: "Set securityContext.capabilities.drop: [ALL] and add at most NET_BIND_SERVICE.",
        tags: ["pss:restricted", "CIS-5.2.8", "CIS-5.2.9", "CIS-5.2.10", "NSA-CISA:pod-security", "MITRE:T1548"],
    }
}

impl Rule for CapabilitiesRestricted {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        if cx.pss_version.at_least(WINDOWS_EXEMPT_FROM) && pod.is_windows() {
            return;
        }
        for c in pod.containers() {
            let caps = present(c.security("capabilities"));
            let drop = caps.and_then(|caps| present(caps.get("drop")));
            let drops_all =
                drop.is_some_and(|d| d.items().iter().any(|i| i.as_str() == Some("ALL")));
            if !drops_all {
                cx.report_container(
                    &c,
                    drop,
                    "securityContext.capabilities.drop",
                    format!("container `{}` does not drop ALL capabilities", c.name),
                )
                .key("drop ALL")
                .emit();
            }
            let Some(add) = caps.and_then(|caps| caps.get("add")) else {
                continue;
            };
            let mut seen: Vec<&str> = Vec::new();
            for (i, item) in add.items().iter().enumerate() {
                let Some(cap) = item.as_str() else { continue };
                if cap == ALLOWED_ADD || seen.contains(&cap) {
                    continue;
                }
                seen.push(cap);
                report_add(cx, &c, item, i, cap);
            }
        }
    }
}

fn report_add(
    cx: &mut Cx<'_>,
    c: &palisade_k8s::ContainerView<'_>,
    item: &Node,
    i: usize,
    cap: &str,
) {
    cx.report_container(
        c,
        Some(item),
        &format!("securityContext.capabilities.add[{i}]"),
        format!(
            "container `{}` adds capability `{cap}` (only {ALLOWED_ADD} is allowed)",
            c.name
        ),
    )
    .key(cap)
    .emit();
}
