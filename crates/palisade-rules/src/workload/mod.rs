//! Rules of the `workload` family, one per file: resources, probes, images, service
//! accounts, secrets in environment variables and root filesystems, for every pod-bearing
//! kind (through [`palisade_k8s::Object::pod`]).

use crate::Rule;

mod common;

mod default_service_account;
mod image_not_digest_pinned;
mod image_not_pinned;
mod missing_limits;
mod missing_liveness_probe;
mod missing_readiness_probe;
mod missing_requests;
mod pull_policy_mutable_tag;
mod secret_in_env;
mod token_automount;
mod writable_root_filesystem;

pub use default_service_account::DefaultServiceAccount;
pub use image_not_digest_pinned::ImageNotDigestPinned;
pub use image_not_pinned::ImageNotPinned;
pub use missing_limits::MissingLimits;
pub use missing_liveness_probe::MissingLivenessProbe;
pub use missing_readiness_probe::MissingReadinessProbe;
pub use missing_requests::MissingRequests;
pub use pull_policy_mutable_tag::PullPolicyMutableTag;
pub use secret_in_env::SecretInEnv;
pub use token_automount::TokenAutomount;
pub use writable_root_filesystem::WritableRootFilesystem;

/// Every rule of this family.
pub const RULES: &[&dyn Rule] = &[
    &MissingRequests,
    &MissingLimits,
    &MissingLivenessProbe,
    &MissingReadinessProbe,
    &ImageNotPinned,
    &ImageNotDigestPinned,
    &PullPolicyMutableTag,
    &TokenAutomount,
    &DefaultServiceAccount,
    &SecretInEnv,
    &WritableRootFilesystem,
];
