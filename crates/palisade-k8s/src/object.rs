use std::sync::Arc;

use palisade_core::ObjectRef;
use palisade_yaml::{Mark, Node};

use crate::PodView;

/// One Kubernetes object from a manifest, with positions.
#[derive(Clone, Debug)]
pub struct Object {
    /// Input path (as shown in findings).
    pub path: Arc<str>,
    /// Path used for fingerprints: relative to the repository root when known, so
    /// fingerprints do not change with the directory a scan is started from.
    pub repo_path: Arc<str>,
    /// Index of the YAML document it came from.
    pub doc_index: usize,
    /// `kind`.
    pub kind: String,
    /// `apiVersion`.
    pub api_version: String,
    /// `metadata.name` (or `generateName`, or `<unnamed>`).
    pub name: String,
    /// `metadata.namespace`, when set.
    pub namespace: Option<String>,
    /// The whole object.
    pub node: Node,
}

impl Object {
    /// Wraps a parsed object.
    pub fn new(
        path: Arc<str>,
        doc_index: usize,
        kind: String,
        api_version: String,
        node: Node,
    ) -> Self {
        let meta = node.get("metadata");
        let text = |k: &str| {
            meta.and_then(|m| m.get(k))
                .and_then(|n| n.scalar_text())
                .map(|c| c.into_owned())
        };
        let name = text("name")
            .or_else(|| text("generateName"))
            .unwrap_or_else(|| "<unnamed>".to_string());
        let namespace = text("namespace").filter(|n| !n.is_empty());
        Object {
            repo_path: path.clone(),
            path,
            doc_index,
            kind,
            api_version,
            name,
            namespace,
            node,
        }
    }

    /// Identity used in findings.
    pub fn reference(&self) -> ObjectRef {
        ObjectRef {
            kind: self.kind.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }

    /// The namespace, treating an unset namespace as `default` (where kubectl would put it).
    pub fn namespace_or_default(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }

    /// Where the object starts.
    pub fn mark(&self) -> Mark {
        self.node.mark
    }

    /// `metadata.labels` as string pairs.
    pub fn labels(&self) -> Vec<(String, String)> {
        string_map(self.node.path(&["metadata", "labels"]))
    }

    /// One `metadata.annotations` value.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.node
            .path(&["metadata", "annotations", key])
            .and_then(Node::as_str)
    }

    /// The pod template of a workload (or the Pod itself); `None` for other kinds.
    pub fn pod(&self) -> Option<PodView<'_>> {
        PodView::of(self)
    }
}

/// Reads a mapping of strings (labels, selectors, annotations) into pairs; non-string scalars
/// are rendered as text.
pub(crate) fn string_map(node: Option<&Node>) -> Vec<(String, String)> {
    node.map(|n| {
        n.entries()
            .iter()
            .filter_map(|(k, v)| {
                Some((k.scalar_text()?.into_owned(), v.scalar_text()?.into_owned()))
            })
            .collect()
    })
    .unwrap_or_default()
}
