//! Rules of the `rbac` family, one per file, over the `rules[]` of Roles and ClusterRoles
//! and the `roleRef`/`subjects` of RoleBindings and ClusterRoleBindings. Rules are matched
//! the way the RBAC authorizer matches them (see `policy.rs`).

use crate::Rule;

mod policy;

mod cluster_admin_binding;
mod escalation_verbs;
mod pod_exec;
mod secrets_read;
mod wildcard_resources;
mod wildcard_verbs;

pub use cluster_admin_binding::ClusterAdminBinding;
pub use escalation_verbs::EscalationVerbs;
pub use pod_exec::PodExec;
pub use secrets_read::SecretsRead;
pub use wildcard_resources::WildcardResources;
pub use wildcard_verbs::WildcardVerbs;

/// Every rule of this family.
pub const RULES: &[&dyn Rule] = &[
    &WildcardVerbs,
    &WildcardResources,
    &ClusterAdminBinding,
    &SecretsRead,
    &PodExec,
    &EscalationVerbs,
];
