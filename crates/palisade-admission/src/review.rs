//! The `admission.k8s.io/v1` AdmissionReview wire format: what the API server sends and what
//! it expects back. Objects stay raw JSON text (they are loaded by `palisade-k8s` with
//! positions, exactly as a file would be), so nothing is parsed twice.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The only AdmissionReview version served (the API server prefers it since 1.16).
pub const API_VERSION: &str = "admission.k8s.io/v1";

/// An incoming review; borrowed from the request body.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionReview<'a> {
    /// Must be [`API_VERSION`].
    #[serde(default)]
    pub api_version: Option<String>,
    /// Must be `AdmissionReview`.
    #[serde(default)]
    pub kind: Option<String>,
    /// The request; a review without one is rejected.
    #[serde(borrow, default)]
    pub request: Option<AdmissionRequest<'a>>,
}

/// The group, version and kind of the object under review.
#[derive(Deserialize, Serialize, Debug, Default, Clone)]
pub struct GroupVersionKind {
    /// API group (empty for the core group).
    #[serde(default)]
    pub group: String,
    /// Version.
    #[serde(default)]
    pub version: String,
    /// Kind.
    #[serde(default)]
    pub kind: String,
}

/// Who is asking.
#[derive(Deserialize, Serialize, Debug, Default, Clone)]
pub struct UserInfo {
    /// User name.
    #[serde(default)]
    pub username: String,
    /// Groups the user belongs to.
    #[serde(default)]
    pub groups: Vec<String>,
}

/// `request` of a review.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionRequest<'a> {
    /// Copied into the response.
    pub uid: String,
    /// Kind of the object.
    #[serde(default)]
    pub kind: GroupVersionKind,
    /// Subresource (`status`, `scale`, ...), when the request is for one.
    #[serde(default)]
    pub sub_resource: Option<String>,
    /// Object name (may be empty on CREATE with generateName).
    #[serde(default)]
    pub name: Option<String>,
    /// Namespace of the request.
    #[serde(default)]
    pub namespace: Option<String>,
    /// CREATE, UPDATE, DELETE or CONNECT.
    #[serde(default)]
    pub operation: String,
    /// The requesting user.
    #[serde(default)]
    pub user_info: UserInfo,
    /// The new object (null on DELETE).
    #[serde(borrow, default)]
    pub object: Option<&'a RawValue>,
    /// The existing object (UPDATE, DELETE).
    #[serde(borrow, default)]
    pub old_object: Option<&'a RawValue>,
    /// True for `--dry-run=server` requests: the webhook must have no side effects.
    #[serde(default)]
    pub dry_run: Option<bool>,
}

/// What the webhook answers.
#[derive(Serialize, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct AdmissionResponse {
    /// The request's uid.
    pub uid: String,
    /// The verdict.
    pub allowed: bool,
    /// Why it was denied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Admission warnings, shown by kubectl.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Base64 JSONPatch (mutation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch: Option<String>,
    /// `JSONPatch` when `patch` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch_type: Option<&'static str>,
}

/// A denial reason.
#[derive(Serialize, Debug)]
pub struct Status {
    /// HTTP-like code the API server reports (403 for a policy denial).
    pub code: u16,
    /// Shown to the user by kubectl.
    pub message: String,
    /// `Forbidden` for policy denials.
    pub reason: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewOut<'a> {
    api_version: &'static str,
    kind: &'static str,
    response: &'a AdmissionResponse,
}

impl AdmissionResponse {
    /// The full review JSON the API server expects.
    pub fn to_review_json(&self) -> Vec<u8> {
        let out = ReviewOut {
            api_version: API_VERSION,
            kind: "AdmissionReview",
            response: self,
        };
        // Serializing plain strings, bools and vectors cannot fail.
        serde_json::to_vec(&out).unwrap_or_default()
    }
}

/// A raw JSON value that is absent or `null` counts as absent.
pub fn present(raw: Option<&RawValue>) -> Option<&str> {
    raw.map(RawValue::get).filter(|t| t.trim() != "null")
}
