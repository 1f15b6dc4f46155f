//! Pod Security Standards, exactly as the upstream `pod-security-admission` checks define
//! them, one check per file: baseline (K8S001–K8S012) and restricted (K8S020–K8S026),
//! version-aware through [`crate::Cx::pss_version`].

use crate::Rule;

mod privileged;

pub use privileged::Privileged;

/// Every rule of this family.
pub const RULES: &[&dyn Rule] = &[&Privileged];
