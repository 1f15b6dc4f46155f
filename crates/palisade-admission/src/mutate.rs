//! Safe defaults as a JSONPatch: `runAsNonRoot`, seccomp `RuntimeDefault`, capabilities
//! drop `ALL` and `allowPrivilegeEscalation: false`, each added only where the field is
//! unset, so nothing a user wrote is ever changed. Defaults the API server would reject
//! (no privilege escalation on a privileged container) or that would stop a pod that
//! explicitly runs as root are left out.

use palisade_k8s::{ContainerKind, Object};
use palisade_yaml::{Node, Value};
use serde_json::{json, Map, Value as Json};

use crate::config::Mutation;

/// The JSONPatch operations (`add` only) that set the enabled defaults on `object`'s pod
/// spec; empty for kinds without one.
pub fn safe_defaults(object: &Object, m: &Mutation) -> Vec<Json> {
    let mut ops = Vec::new();
    let Some(pod) = object.pod() else {
        return ops;
    };
    let base = format!("/{}", pod.prefix.replace('.', "/"));
    let root_user = |n: Option<&Node>| n.and_then(Node::as_i64) == Some(0);
    let runs_as_root = root_user(pod.security("runAsUser"))
        || pod
            .containers()
            .any(|c| root_user(c.node.path(&["securityContext", "runAsUser"])));

    let mut pod_defaults = Map::new();
    if m.run_as_non_root && pod.security("runAsNonRoot").is_none() && !runs_as_root {
        pod_defaults.insert("runAsNonRoot".into(), json!(true));
    }
    let seccomp_annotation = pod
        .annotation("seccomp.security.alpha.kubernetes.io/pod")
        .is_some();
    if m.seccomp_runtime_default
        && pod.security("seccompProfile").is_none()
        && !pod.is_windows()
        && !seccomp_annotation
    {
        pod_defaults.insert("seccompProfile".into(), json!({"type": "RuntimeDefault"}));
    }
    add_fields(
        &mut ops,
        &base,
        pod.spec.get("securityContext"),
        pod_defaults,
    );

    for c in pod.containers() {
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        let path = format!("{base}/{}/{}/securityContext", c.kind.field(), c.index);
        let sc = c.node.get("securityContext").filter(|n| n.is_map());
        let get = |k: &str| sc.and_then(|s| s.get(k));
        let mut defaults = Map::new();
        let privileged = get("privileged").and_then(Node::as_bool) == Some(true);
        let adds_sys_admin = get("capabilities")
            .and_then(|c| c.get("add"))
            .is_some_and(|a| {
                a.items().iter().any(|i| {
                    i.as_str().is_some_and(|s| {
                        s.eq_ignore_ascii_case("SYS_ADMIN")
                            || s.eq_ignore_ascii_case("CAP_SYS_ADMIN")
                    })
                })
            });
        if m.disallow_privilege_escalation
            && get("allowPrivilegeEscalation").is_none()
            && !privileged
            && !adds_sys_admin
        {
            defaults.insert("allowPrivilegeEscalation".into(), json!(false));
        }
        if m.drop_all_capabilities {
            match get("capabilities").filter(|n| n.is_map()) {
                None => {
                    defaults.insert("capabilities".into(), json!({"drop": ["ALL"]}));
                }
                Some(caps) if is_unset(caps.get("drop")) && sc.is_some() => {
                    ops.push(json!({"op": "add", "path": format!("{path}/capabilities/drop"), "value": ["ALL"]}));
                }
                Some(_) => {}
            }
        }
        add_fields(
            &mut ops,
            &format!("{base}/{}/{}", c.kind.field(), c.index),
            c.node.get("securityContext"),
            defaults,
        );
    }
    ops
}

fn is_unset(n: Option<&Node>) -> bool {
    n.is_none_or(|n| matches!(n.value, Value::Null))
}

/// Adds `fields` under `parent/securityContext`: the whole mapping when it is missing,
/// else one operation per field.
fn add_fields(
    ops: &mut Vec<Json>,
    parent: &str,
    existing: Option<&Node>,
    fields: Map<String, Json>,
) {
    if fields.is_empty() {
        return;
    }
    if existing.is_some_and(Node::is_map) {
        for (k, v) in fields {
            ops.push(
                json!({"op": "add", "path": format!("{parent}/securityContext/{k}"), "value": v}),
            );
        }
    } else {
        ops.push(json!({"op": "add", "path": format!("{parent}/securityContext"), "value": Json::Object(fields)}));
    }
}
