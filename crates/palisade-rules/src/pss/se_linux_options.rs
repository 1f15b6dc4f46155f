use palisade_yaml::Node;

use crate::pss::util::present;
use crate::{Cx, PssVersion, Rule};

/// First policy version that runs this check (upstream `seLinuxOptions`).
pub(super) const SINCE: u32 = 0;

/// SELinux types allowed at every version (`""` is allowed too).
const TYPES: &[&str] = &["container_t", "container_init_t", "container_kvm_t"];

/// Added to the allowed types at v1.31.
const TYPES_1_31: &[&str] = &["container_engine_t"];

declare_rule! {
    /// ## What it checks
    /// SELinux options that change the container's confinement (upstream check
    /// `seLinuxOptions`, baseline, v1.0+), in `spec.securityContext.seLinuxOptions` and
    /// in `securityContext.seLinuxOptions` of init, app and ephemeral containers; each
    /// present object is judged on its own:
    /// - `type` must be empty, unset, `container_t`, `container_init_t` or
    ///   `container_kvm_t`; from **v1.31** also `container_engine_t`;
    /// - `user` and `role` must be empty or unset;
    /// - `level` is not restricted.
    ///
    /// One finding per offending field. Severity: medium.
    ///
    /// ## Why it matters
    /// SELinux keeps a container's processes away from the node's files and other
    /// containers even when they run as root. A custom type such as `spc_t` ("super
    /// privileged container") or `unconfined_t`, or a custom user or role, switches that
    /// protection off, so a container breakout lands with full access to the node (MITRE
    /// ATT&CK T1611, Escape to Host).
    ///
    /// ## How to fix
    /// Remove `type`, `user` and `role` (keep `level` if you need MCS separation).
    /// ```yaml
    /// # before
    /// seLinuxOptions: {type: spc_t, user: system_u}
    /// # after
    /// seLinuxOptions: {level: "s0:c123,c456"}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "SELinux" (check `seLinuxOptions`, v1.0+, `container_engine_t` from v1.31)
    /// - CIS Kubernetes Benchmark 5.7.3 (apply security context to pods and containers)
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct SeLinuxOptions {
        id: "K8S008",
        name: "selinux-options",
        family: "pod-security",
        severity: Medium,
        summary: "SELinux type, user or role is customised",
        remediation: "Remove seLinuxOptions.type (or use container_t), seLinuxOptions.user and seLinuxOptions.role.",
        tags: ["pss:baseline", "CIS-5.7.3", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for SeLinuxOptions {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };
        let version = cx.pss_version;
        for (field, node, problem) in problems(pod.security("seLinuxOptions"), version) {
            cx.report(
                node.mark,
                pod.field(&format!("securityContext.seLinuxOptions.{field}")),
                format!("pod {problem}"),
            )
            .key(field)
            .emit();
        }
        for c in pod.containers() {
            for (field, node, problem) in problems(c.security("seLinuxOptions"), version) {
                cx.report_container(
                    &c,
                    Some(node),
                    &format!("securityContext.seLinuxOptions.{field}"),
                    format!("container `{}` {problem}", c.name),
                )
                .key(field)
                .emit();
            }
        }
    }
}

/// The offending fields of one `seLinuxOptions` object: field name, value node, and what
/// is wrong.
fn problems(options: Option<&Node>, version: PssVersion) -> Vec<(&'static str, &Node, String)> {
    let mut out = Vec::new();
    let Some(options) = present(options) else {
        return out;
    };
    let value = |field: &str| {
        let node = present(options.get(field))?;
        let text = node.scalar_text()?;
        (!text.is_empty()).then(|| (node, text.into_owned()))
    };
    if let Some((node, t)) = value("type") {
        let allowed = TYPES.contains(&t.as_str())
            || (version.at_least(31) && TYPES_1_31.contains(&t.as_str()));
        if !allowed {
            out.push(("type", node, format!("uses SELinux type `{t}`")));
        }
    }
    for field in ["user", "role"] {
        if let Some((node, v)) = value(field) {
            out.push((field, node, format!("sets SELinux {field} `{v}`")));
        }
    }
    out
}
