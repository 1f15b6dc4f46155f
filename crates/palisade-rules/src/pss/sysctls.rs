use crate::{Cx, PssVersion, Rule};

/// First policy version that runs this check (upstream `sysctls`).
pub(super) const SINCE: u32 = 0;

/// The safe sysctls, each with the policy version that first allows it. The allowed set
/// at a version is every name whose version is not newer.
pub const SAFE: &[(u32, &str)] = &[
    (0, "kernel.shm_rmid_forced"),
    (0, "net.ipv4.ip_local_port_range"),
    (0, "net.ipv4.tcp_syncookies"),
    (0, "net.ipv4.ping_group_range"),
    (0, "net.ipv4.ip_unprivileged_port_start"),
    (27, "net.ipv4.ip_local_reserved_ports"),
    (29, "net.ipv4.tcp_keepalive_time"),
    (29, "net.ipv4.tcp_fin_timeout"),
    (29, "net.ipv4.tcp_keepalive_intvl"),
    (29, "net.ipv4.tcp_keepalive_probes"),
    (32, "net.ipv4.tcp_rmem"),
    (32, "net.ipv4.tcp_wmem"),
    (37, "net.ipv4.tcp_slow_start_after_idle"),
    (37, "net.ipv4.tcp_notsent_lowat"),
];

/// True when `name` is a safe sysctl at `version`. Names are compared exactly (no
/// `/`-to-`.` normalisation), as upstream.
pub(super) fn is_safe(name: &str, version: PssVersion) -> bool {
    SAFE.iter()
        .any(|(since, safe)| *safe == name && version.at_least(*since))
}

declare_rule! {
    /// ## What it checks
    /// Pod sysctls (`spec.securityContext.sysctls[*].name`) outside the safe set of the
    /// policy version (upstream check `sysctls`, baseline, v1.0+). Values are not inspected
    /// and names are compared exactly. One finding per sysctl. Severity: medium.
    ///
    /// The safe set grows with the version:
    /// - v1.0: `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`,
    ///   `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`,
    ///   `net.ipv4.ip_unprivileged_port_start`
    /// - v1.27: + `net.ipv4.ip_local_reserved_ports`
    /// - v1.29: + `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`,
    ///   `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`
    /// - v1.32: + `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem`
    /// - v1.37: + `net.ipv4.tcp_slow_start_after_idle`, `net.ipv4.tcp_notsent_lowat`
    ///
    /// ## Why it matters
    /// Only the safe sysctls are namespaced so that they affect the pod alone. The others
    /// change the kernel of the whole node — memory, networking or security settings that
    /// every other pod on that node shares — or can be used to starve it (for example
    /// `kernel.msgmax`, `net.core.somaxconn`, `kernel.core_pattern`).
    ///
    /// ## How to fix
    /// Remove the sysctl, or set it on dedicated nodes through node configuration.
    /// ```yaml
    /// # before
    /// securityContext: {sysctls: [{name: kernel.msgmax, value: "65536"}]}
    /// # after
    /// securityContext: {sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65535"}]}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Sysctls" (check `sysctls`, v1.0+, safe set extended at v1.27, v1.29, v1.32, v1.37)
    /// - Kubernetes documentation: "Using sysctls in a Kubernetes Cluster"
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    pub struct Sysctls {
        id: "K8S011",
        name: "unsafe-sysctls",
        family: "pod-security",
        severity: Medium,
        summary: "Pod sets a sysctl outside the safe set",
        remediation: "Remove sysctls that are not in the Pod Security Standards safe set for your policy version.",
        tags: ["pss:baseline", "NSA-CISA:pod-security"],
    }
}

impl Rule for Sysctls {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        let Some(sysctls) = pod.security("sysctls") else {
            return;
        };
        let version = cx.pss_version;
        for (i, sysctl) in sysctls.items().iter().enumerate() {
            let Some(node) = sysctl.get("name") else {
                continue;
            };
            let Some(name) = node.scalar_text() else {
                continue;
            };
            if is_safe(&name, version) {
                continue;
            }
            cx.report(
                node.mark,
                pod.field(&format!("securityContext.sysctls[{i}].name")),
                format!("pod sets sysctl `{name}`, not in the safe set at {version}"),
            )
            .key(name.into_owned())
            .emit();
        }
    }
}
