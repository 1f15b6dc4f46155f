//! Small readers shared by the PSS checks: how the admission plugin sees a field that is
//! absent, null, or of the wrong type.

use palisade_k8s::PodView;
use palisade_yaml::Node;

/// The node when it is present and not null. PSA reads decoded Go structs, where an explicit
/// `null` and an absent field are both a nil pointer.
pub(super) fn present(node: Option<&Node>) -> Option<&Node> {
    node.filter(|n| !n.is_null())
}

/// True for a user-namespace pod: `spec.hostUsers` is present and `false`.
pub(super) fn host_users_false(pod: &PodView<'_>) -> bool {
    pod.spec.get("hostUsers").and_then(Node::as_bool) == Some(false)
}

/// Field path of the pod (template) metadata: `metadata` for a Pod,
/// `spec.template.metadata` for a Deployment.
pub(super) fn metadata_field(pod: &PodView<'_>, rest: &str) -> String {
    let base = pod.prefix.strip_suffix("spec").unwrap_or(pod.prefix);
    format!("{base}metadata.{rest}")
}

/// The pod (template) annotations, in source order.
pub(super) fn annotations<'a>(pod: &PodView<'a>) -> &'a [(Node, Node)] {
    pod.metadata
        .and_then(|m| m.get("annotations"))
        .map_or(&[], Node::entries)
}

/// Field path of one annotation: `metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']`.
pub(super) fn annotation_field(pod: &PodView<'_>, key: &str) -> String {
    metadata_field(pod, &format!("annotations['{key}']"))
}

/// The text of an annotation value as the API server would store it: a null value is the
/// empty string; collections are not matched.
pub(super) fn annotation_value(node: &Node) -> Option<std::borrow::Cow<'_, str>> {
    if node.is_null() {
        Some(std::borrow::Cow::Borrowed(""))
    } else {
        node.scalar_text()
    }
}

/// Containers whose `securityContext.procMount` is set to anything but `Default`: the
/// container, the value node and the value (the v1.0 `procMount` logic).
pub(super) fn non_default_proc_mounts<'a>(
    pod: &PodView<'a>,
) -> Vec<(palisade_k8s::ContainerView<'a>, &'a Node, String)> {
    pod.containers()
        .filter_map(|c| {
            let node = present(c.security("procMount"))?;
            let value = node.scalar_text()?.into_owned();
            (value != "Default").then_some((c, node, value))
        })
        .collect()
}

/// How a `seccompProfile` object reads to PSA.
pub(super) enum Seccomp<'a> {
    /// Absent (or null, or not an object).
    Unset,
    /// `RuntimeDefault` or `Localhost`.
    Valid,
    /// Any other type (`Unconfined`, a typo, or no type): the node to point at (the type,
    /// or the `seccompProfile` key when the type is missing) and the type as written (empty
    /// if none).
    Invalid(&'a Node, String),
}

/// Reads the `seccompProfile` of a `securityContext` (pod or container level).
pub(super) fn seccomp(security_context: Option<&Node>) -> Seccomp<'_> {
    let Some((key, profile)) = security_context.and_then(|sc| sc.entry("seccompProfile")) else {
        return Seccomp::Unset;
    };
    if !profile.is_map() {
        return Seccomp::Unset;
    }
    match present(profile.get("type")) {
        None => Seccomp::Invalid(key, String::new()),
        Some(t) => match t.scalar_text() {
            Some(kind) if kind == "RuntimeDefault" || kind == "Localhost" => Seccomp::Valid,
            Some(kind) => Seccomp::Invalid(t, kind.into_owned()),
            None => Seccomp::Invalid(t, String::new()),
        },
    }
}

/// "uses seccomp profile type `Unconfined`", or "sets a seccomp profile without a type".
pub(super) fn describe_seccomp(kind: &str) -> String {
    if kind.is_empty() {
        "sets a seccomp profile without a type".to_string()
    } else {
        format!("uses seccomp profile type `{kind}`")
    }
}
