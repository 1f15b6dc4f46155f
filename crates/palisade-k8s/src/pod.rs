use palisade_yaml::Node;

use crate::object::string_map;
use crate::Object;

/// The pod spec of any workload kind, with the field path that leads to it.
#[derive(Clone, Copy, Debug)]
pub struct PodView<'a> {
    /// The pod spec mapping (`spec` of a Pod, `spec.template.spec` of a Deployment, ...).
    pub spec: &'a Node,
    /// The pod metadata (the Pod's own, or the template's), if present.
    pub metadata: Option<&'a Node>,
    /// Field path of `spec`, e.g. `spec.template.spec`.
    pub prefix: &'static str,
}

/// Which list a container comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    /// `containers`
    Container,
    /// `initContainers`
    Init,
    /// `ephemeralContainers`
    Ephemeral,
}

impl ContainerKind {
    /// The pod spec field holding this kind of container.
    pub fn field(self) -> &'static str {
        match self {
            ContainerKind::Container => "containers",
            ContainerKind::Init => "initContainers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }
}

/// One container of a pod spec.
#[derive(Clone, Copy, Debug)]
pub struct ContainerView<'a> {
    /// Which list it is in.
    pub kind: ContainerKind,
    /// Index in that list.
    pub index: usize,
    /// `name` (empty when missing).
    pub name: &'a str,
    /// The container mapping.
    pub node: &'a Node,
    /// Field path of the pod spec.
    pub prefix: &'static str,
}

impl<'a> ContainerView<'a> {
    /// Field path of `rest` inside this container, e.g.
    /// `spec.template.spec.containers[0].securityContext.privileged`.
    pub fn field(&self, rest: &str) -> String {
        use std::fmt::Write as _;
        let list = self.kind.field();
        let mut out = String::with_capacity(self.prefix.len() + list.len() + rest.len() + 8);
        out.push_str(self.prefix);
        out.push('.');
        out.push_str(list);
        let _ = write!(out, "[{}]", self.index);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out
    }

    /// A value under `securityContext`.
    pub fn security(&self, key: &str) -> Option<&'a Node> {
        self.node.path(&["securityContext", key])
    }
}

impl<'a> PodView<'a> {
    pub(crate) fn of(obj: &'a Object) -> Option<PodView<'a>> {
        let n = &obj.node;
        let (template, spec_prefix): (Option<&Node>, &'static str) = match obj.kind.as_str() {
            "Pod" => {
                return n.get("spec").filter(|s| s.is_map()).map(|spec| PodView {
                    spec,
                    metadata: n.get("metadata"),
                    prefix: "spec",
                })
            }
            "Deployment"
            | "StatefulSet"
            | "DaemonSet"
            | "ReplicaSet"
            | "ReplicationController"
            | "Job" => (n.path(&["spec", "template"]), "spec.template.spec"),
            "PodTemplate" => (n.get("template"), "template.spec"),
            "CronJob" => (
                n.path(&["spec", "jobTemplate", "spec", "template"]),
                "spec.jobTemplate.spec.template.spec",
            ),
            _ => return None,
        };
        let template = template?;
        template
            .get("spec")
            .filter(|s| s.is_map())
            .map(|spec| PodView {
                spec,
                metadata: template.get("metadata"),
                prefix: spec_prefix,
            })
    }

    /// Field path of `rest` inside the pod spec.
    pub fn field(&self, rest: &str) -> String {
        format!("{}.{rest}", self.prefix)
    }

    /// A value under the pod-level `securityContext`.
    pub fn security(&self, key: &str) -> Option<&'a Node> {
        self.spec.path(&["securityContext", key])
    }

    /// Every container: `containers`, then `initContainers`, then `ephemeralContainers`.
    pub fn containers(&self) -> impl Iterator<Item = ContainerView<'a>> + 'a {
        let spec = self.spec;
        let prefix = self.prefix;
        [
            ContainerKind::Container,
            ContainerKind::Init,
            ContainerKind::Ephemeral,
        ]
        .into_iter()
        .flat_map(move |kind| {
            spec.get(kind.field())
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .map(move |(index, node)| ContainerView {
                    kind,
                    index,
                    name: node.get("name").and_then(Node::as_str).unwrap_or(""),
                    node,
                    prefix,
                })
        })
    }

    /// Labels of the pod (template).
    pub fn labels(&self) -> Vec<(String, String)> {
        string_map(self.metadata.and_then(|m| m.get("labels")))
    }

    /// One annotation of the pod (template).
    pub fn annotation(&self, key: &str) -> Option<&'a Node> {
        self.metadata.and_then(|m| m.path(&["annotations", key]))
    }

    /// True when `spec.os.name` is `windows`.
    pub fn is_windows(&self) -> bool {
        self.spec.path(&["os", "name"]).and_then(Node::as_str) == Some("windows")
    }
}

#[cfg(test)]
mod tests {
    use crate::load_str;

    #[test]
    fn cronjob_containers_have_full_field_paths() {
        let l = load_str(
            "c.yaml",
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: i}]\n          containers: [{name: a}, {name: b}]\n",
        );
        let pod = l.objects[0].pod().unwrap();
        let names: Vec<_> = pod
            .containers()
            .map(|c| (c.name, c.field("image")))
            .collect();
        assert_eq!(names[1].0, "b");
        assert_eq!(
            names[1].1,
            "spec.jobTemplate.spec.template.spec.containers[1].image"
        );
        assert_eq!(
            names[2].1,
            "spec.jobTemplate.spec.template.spec.initContainers[0].image"
        );
    }
}
