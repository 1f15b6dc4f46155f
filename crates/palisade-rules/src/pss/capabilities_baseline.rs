use palisade_core::Severity;
use palisade_yaml::Node;

use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `capabilities_baseline`).
pub(super) const SINCE: u32 = 0;

/// Capabilities the baseline level lets a container add: the container runtimes' defaults
/// minus `NET_RAW`. Matched exactly: no case folding, no `CAP_` prefix.
pub const ALLOWED: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// Capabilities that amount to root on the node (or close to it): reported as critical.
const CRITICAL: &[&str] = &[
    "ALL",
    "BPF",
    "DAC_READ_SEARCH",
    "NET_ADMIN",
    "PERFMON",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_MODULE",
    "SYS_PTRACE",
    "SYS_RAWIO",
];

declare_rule! {
    /// ## What it checks
    /// Containers (init, app and ephemeral) whose `securityContext.capabilities.add` lists a
    /// capability outside the baseline set `AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID,
    /// KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT`
    /// (upstream check `capabilities_baseline`, baseline, v1.0+). The match is exact, as
    /// upstream: `chown` and `CAP_CHOWN` are not in the set. `NET_RAW` and `ALL` are not
    /// allowed. `drop` is not looked at. One finding per added capability.
    ///
    /// Severity: high; critical for capabilities that amount to root on the node (`ALL`,
    /// `SYS_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`, `SYS_RAWIO`, `SYS_BOOT`, `BPF`, `PERFMON`,
    /// `DAC_READ_SEARCH`, `NET_ADMIN`, also when spelled in lower case or with `CAP_`).
    ///
    /// In the restricted level from v1.22 this check is replaced by K8S025
    /// (`capabilities_restricted`), which is stricter.
    ///
    /// ## Why it matters
    /// Capabilities are slices of root. `SYS_ADMIN` allows mounting file systems and is the
    /// usual way out of a container; `SYS_PTRACE` reads and injects into other processes;
    /// `SYS_MODULE` loads kernel code; `NET_RAW` allows spoofing and ARP poisoning inside
    /// the cluster network (MITRE ATT&CK T1611, Escape to Host).
    ///
    /// ## How to fix
    /// Add only what the process needs, from the baseline set.
    /// ```yaml
    /// # before
    /// securityContext: {capabilities: {add: [SYS_ADMIN, NET_RAW]}}
    /// # after
    /// securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Capabilities" (check `capabilities_baseline`, v1.0+)
    /// - CIS Kubernetes Benchmark 5.2.8 (NET_RAW), 5.2.9 (added capabilities)
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct CapabilitiesBaseline {
        id: "K8S003",
        name: "capabilities-baseline",
        family: "pod-security",
        severity: High,
        summary: "Container adds a capability outside the baseline set",
        remediation: "Remove the capability from securityContext.capabilities.add; add only capabilities from the baseline set.",
        tags: ["pss:baseline", "CIS-5.2.8", "CIS-5.2.9", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for CapabilitiesBaseline {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        for c in pod.containers() {
            let Some(add) = c.node.path(&["securityContext", "capabilities", "add"]) else {
                continue;
            };
            let mut seen: Vec<&str> = Vec::new();
            for (i, item) in add.items().iter().enumerate() {
                let Some(cap) = item.as_str() else { continue };
                if ALLOWED.contains(&cap) || seen.contains(&cap) {
                    continue;
                }
                seen.push(cap);
                report(cx, &c, item, i, cap);
            }
        }
    }
}

fn report(cx: &mut Cx<'_>, c: &palisade_k8s::ContainerView<'_>, item: &Node, i: usize, cap: &str) {
    let severity = if CRITICAL.contains(&normalized(cap).as_str()) {
        Severity::Critical
    } else {
        Severity::High
    };
    cx.report_container(
        c,
        Some(item),
        &format!("securityContext.capabilities.add[{i}]"),
        format!("container `{}` adds capability `{cap}`", c.name),
    )
    .key(cap)
    .evidence(cap)
    .severity(severity)
    .emit();
}

/// `cap_sys_admin` → `SYS_ADMIN`, only to judge severity.
fn normalized(cap: &str) -> String {
    let upper = cap.trim().to_ascii_uppercase();
    upper.strip_prefix("CAP_").unwrap_or(&upper).to_string()
}
