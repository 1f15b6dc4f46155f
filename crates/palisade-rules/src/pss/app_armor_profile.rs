use palisade_yaml::Node;

use crate::pss::util::{annotation_field, annotation_value, annotations, present};
use crate::{Cx, Rule};

/// First policy version that runs this check (upstream `appArmorProfile`).
pub(super) const SINCE: u32 = 0;

/// Prefix of the (deprecated) per-container AppArmor annotations.
const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

declare_rule! {
    /// ## What it checks
    /// AppArmor profiles other than the runtime default or a node-local profile (upstream
    /// check `appArmorProfile`, baseline, v1.0+), through both channels, at every version:
    /// - annotations `container.apparmor.security.beta.kubernetes.io/<any suffix>` on the
    ///   pod (template): the value must be empty, `runtime/default` or start with
    ///   `localhost/`;
    /// - fields `spec.securityContext.appArmorProfile` and
    ///   `securityContext.appArmorProfile` of init, app and ephemeral containers: when the
    ///   object is present its `type` must be `RuntimeDefault` or `Localhost`.
    ///
    /// Pod and container levels are judged independently. Severity: medium.
    ///
    /// ## Why it matters
    /// AppArmor is one of the layers that stops a compromised process from writing to
    /// `/proc` and `/sys`, mounting file systems or reading host paths. `unconfined` removes
    /// that layer, so the next kernel or runtime bug is directly exploitable (MITRE ATT&CK
    /// T1611, Escape to Host).
    ///
    /// ## How to fix
    /// Remove the override, or use the runtime default profile.
    /// ```yaml
    /// # before
    /// securityContext: {appArmorProfile: {type: Unconfined}}
    /// # after
    /// securityContext: {appArmorProfile: {type: RuntimeDefault}}
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "AppArmor" (check `appArmorProfile`, v1.0+)
    /// - CIS Kubernetes Benchmark 5.7.3 (apply security context to pods and containers)
    /// - NSA/CISA Kubernetes Hardening Guide: "Pod security"
    /// - MITRE ATT&CK for Containers: T1611 Escape to Host
    pub struct AppArmorProfile {
        id: "K8S007",
        name: "apparmor-profile",
        family: "pod-security",
        severity: Medium,
        summary: "AppArmor profile is unconfined or not an allowed profile",
        remediation: "Use the RuntimeDefault or a Localhost AppArmor profile (or remove the override).",
        tags: ["pss:baseline", "CIS-5.7.3", "NSA-CISA:pod-security", "MITRE:T1611"],
    }
}

impl Rule for AppArmorProfile {
    fn check(&self, cx: &mut Cx<'_>) {
        if !cx.pss_version.at_least(SINCE) {
            return;
        }
        let Some(pod) = cx.pod() else { return };

        for (key, value) in annotations(&pod) {
            let Some(key) = key.as_str() else { continue };
            let Some(target) = key.strip_prefix(ANNOTATION_PREFIX) else {
                continue;
            };
            let Some(text) = annotation_value(value) else {
                continue;
            };
            if text.is_empty() || text == "runtime/default" || text.starts_with("localhost/") {
                continue;
            }
            cx.report(
                value.mark,
                annotation_field(&pod, key),
                format!("AppArmor annotation for container `{target}` sets profile `{text}`"),
            )
            .key(key)
            .emit();
        }

        if let Some((profile, kind)) = bad_profile(pod.spec.get("securityContext")) {
            cx.report(
                profile.mark,
                pod.field("securityContext.appArmorProfile.type"),
                format!("pod {}", describe(&kind)),
            )
            .emit();
        }
        for c in pod.containers() {
            if let Some((profile, kind)) = bad_profile(c.node.get("securityContext")) {
                cx.report_container(
                    &c,
                    Some(profile),
                    "securityContext.appArmorProfile.type",
                    format!("container `{}` {}", c.name, describe(&kind)),
                )
                .emit();
            }
        }
    }
}

/// The `appArmorProfile` of a `securityContext` when it is present with a type that is not
/// allowed: the node to point at (the type, or the `appArmorProfile` key when the type is
/// missing) and the type as written (empty if none).
fn bad_profile(security_context: Option<&Node>) -> Option<(&Node, String)> {
    let (key, profile) = security_context?.entry("appArmorProfile")?;
    if !profile.is_map() {
        return None;
    }
    match present(profile.get("type")) {
        Some(t) => {
            let kind = t.scalar_text()?;
            (kind != "RuntimeDefault" && kind != "Localhost").then(|| (t, kind.into_owned()))
        }
        None => Some((key, String::new())),
    }
}

fn describe(kind: &str) -> String {
    if kind.is_empty() {
        "sets an AppArmor profile without a type".to_string()
    } else {
        format!("uses AppArmor profile type `{kind}`")
    }
}
