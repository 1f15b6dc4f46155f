//! What Gatekeeper puts in `input.review`: the admission request around the object. At
//! admission it comes from the AdmissionReview; for files, [`Review::for_scan`] writes the
//! request `kubectl apply` would send (a CREATE by an unknown user).

use palisade_k8s::Object;
use regorus::Value;

use crate::value::{from_json, object};

/// The admission operation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Operation {
    /// A new object (also what a scan of files simulates).
    #[default]
    Create,
    /// A change to an existing object (`oldObject` is set).
    Update,
    /// A deletion (`object` is the old object at admission).
    Delete,
    /// `exec`, `attach`, `portforward` and the like.
    Connect,
}

impl Operation {
    /// The name Kubernetes uses (`CREATE`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "CREATE",
            Operation::Update => "UPDATE",
            Operation::Delete => "DELETE",
            Operation::Connect => "CONNECT",
        }
    }

    /// Parses `CREATE`/`UPDATE`/`DELETE`/`CONNECT` (any case).
    pub fn parse(text: &str) -> Option<Operation> {
        [
            Operation::Create,
            Operation::Update,
            Operation::Delete,
            Operation::Connect,
        ]
        .into_iter()
        .find(|o| o.as_str().eq_ignore_ascii_case(text))
    }
}

/// Group, version and kind, as in `request.kind`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupVersionKind {
    /// API group; empty for the core group.
    pub group: String,
    /// API version, e.g. `v1`.
    pub version: String,
    /// Kind, e.g. `Deployment`.
    pub kind: String,
}

impl GroupVersionKind {
    /// Splits an `apiVersion` (`apps/v1`, `v1`) and pairs it with `kind`.
    pub fn from_api_version(api_version: &str, kind: &str) -> Self {
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        GroupVersionKind {
            group: group.to_string(),
            version: version.to_string(),
            kind: kind.to_string(),
        }
    }
}

/// Gatekeeper's `input.review` minus the object, which [`crate::PolicySet::evaluate`] takes
/// separately (it is converted once and shared by every policy).
///
/// Non-exhaustive so fields can be added: start from [`Review::for_scan`],
/// [`Review::from_admission_request`] or `Review::default()` and set fields.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Review {
    /// Request uid (empty for a scan).
    pub uid: String,
    /// The operation.
    pub operation: Operation,
    /// The object's group, version and kind.
    pub kind: GroupVersionKind,
    /// The object's name.
    pub name: String,
    /// The namespace the object lands in; `None` for cluster-scoped objects.
    pub namespace: Option<String>,
    /// `request.userInfo` as sent (username, uid, groups, extra); `null` for a scan.
    pub user_info: serde_json::Value,
    /// The object before an UPDATE or DELETE.
    pub old_object: Option<serde_json::Value>,
    /// Whether the request is a dry run.
    pub dry_run: bool,
    /// Labels of the object's Namespace, when known (a webhook can look them up; a scan
    /// fills them from Namespace objects it read). A Constraint with a non-empty
    /// `namespaceSelector` selects nothing while they are unknown.
    pub namespace_labels: Option<Vec<(String, String)>>,
}

/// Kinds Kubernetes keeps outside namespaces (the common ones): files do not say, and a
/// namespaced object without `metadata.namespace` lands in `default`.
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "ClusterRole",
    "ClusterRoleBinding",
    "StorageClass",
    "CustomResourceDefinition",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "PriorityClass",
    "RuntimeClass",
    "IngressClass",
    "APIService",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "ConstraintTemplate",
];

/// Whether objects of `kind` are cluster-scoped (for the common kinds).
pub fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED.contains(&kind)
}

impl Review {
    /// The request `kubectl apply` would send for `obj` from a file: a CREATE, in its
    /// namespace (`default` when unset, for namespaced kinds).
    pub fn for_scan(obj: &Object) -> Review {
        let namespace = if is_cluster_scoped(&obj.kind) {
            None
        } else {
            Some(obj.namespace_or_default().to_string())
        };
        Review {
            uid: String::new(),
            operation: Operation::Create,
            kind: GroupVersionKind::from_api_version(&obj.api_version, &obj.kind),
            name: obj.name.clone(),
            namespace,
            user_info: serde_json::Value::Null,
            old_object: None,
            dry_run: false,
            namespace_labels: None,
        }
    }

    /// The review of an AdmissionReview's `request` (what the webhook receives); missing
    /// fields stay empty.
    pub fn from_admission_request(request: &serde_json::Value) -> Review {
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
        let kind = &request["kind"];
        Review {
            uid: text(&request["uid"]),
            operation: Operation::parse(request["operation"].as_str().unwrap_or_default())
                .unwrap_or_default(),
            kind: GroupVersionKind {
                group: text(&kind["group"]),
                version: text(&kind["version"]),
                kind: text(&kind["kind"]),
            },
            name: text(&request["name"]),
            namespace: request["namespace"]
                .as_str()
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            user_info: request["userInfo"].clone(),
            old_object: request.get("oldObject").filter(|o| !o.is_null()).cloned(),
            dry_run: request["dryRun"].as_bool().unwrap_or(false),
            namespace_labels: None,
        }
    }

    /// `input.review` with `object` set to the converted object.
    pub(crate) fn to_value(&self, object_value: &Value) -> Value {
        let gvk = object(vec![
            ("group", Value::from(self.kind.group.as_str())),
            ("version", Value::from(self.kind.version.as_str())),
            ("kind", Value::from(self.kind.kind.as_str())),
        ]);
        let mut pairs = vec![
            ("uid", Value::from(self.uid.as_str())),
            ("kind", gvk),
            ("name", Value::from(self.name.as_str())),
            ("operation", Value::from(self.operation.as_str())),
            ("userInfo", from_json(&self.user_info)),
            ("object", object_value.clone()),
            ("dryRun", Value::from(self.dry_run)),
        ];
        if let Some(ns) = &self.namespace {
            pairs.push(("namespace", Value::from(ns.as_str())));
        }
        if let Some(old) = &self.old_object {
            pairs.push(("oldObject", from_json(old)));
        }
        object(pairs)
    }
}
