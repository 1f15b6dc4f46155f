//! Helpers shared by the rules of the `objects` family.

use palisade_yaml::Node;

/// `port/PROTOCOL` (and `→nodePort` when one is written) for each port of a Service.
pub(crate) fn service_ports(spec: &Node) -> String {
    let ports: Vec<String> = spec
        .get("ports")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|p| {
            let port = p.get("port")?.scalar_text()?;
            let proto = p.get("protocol").and_then(Node::as_str).unwrap_or("TCP");
            Some(match p.get("nodePort").and_then(Node::scalar_text) {
                Some(np) => format!("{port}/{proto} (nodePort {np})"),
                None => format!("{port}/{proto}"),
            })
        })
        .collect();
    if ports.is_empty() {
        "no ports".to_string()
    } else {
        format!("ports {}", ports.join(", "))
    }
}

/// The `spec.type` value node of a Service when it equals `ty`.
pub(crate) fn service_type<'a>(obj: &'a palisade_k8s::Object, ty: &str) -> Option<&'a Node> {
    if obj.kind != "Service" {
        return None;
    }
    obj.node
        .path(&["spec", "type"])
        .filter(|t| t.as_str() == Some(ty))
}
