//! Rules of the `network` family, one per file: NetworkPolicy coverage computed across every
//! object of the scan (see `model` for the selection semantics they share).

use crate::Rule;

pub(crate) mod model;

mod ingress_from_anywhere;
mod no_default_deny;
mod no_egress_policy;
mod no_ingress_policy;
mod policy_selects_nothing;

pub use ingress_from_anywhere::IngressFromAnywhere;
pub use no_default_deny::NoDefaultDeny;
pub use no_egress_policy::NoEgressPolicy;
pub use no_ingress_policy::NoIngressPolicy;
pub use policy_selects_nothing::PolicySelectsNothing;

/// Every rule of this family.
pub const RULES: &[&dyn Rule] = &[
    &NoIngressPolicy,
    &NoEgressPolicy,
    &NoDefaultDeny,
    &PolicySelectsNothing,
    &IngressFromAnywhere,
];
