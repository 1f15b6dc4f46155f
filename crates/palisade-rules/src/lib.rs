//! Palisade's built-in Kubernetes rules, one rule per file, each documented where it lives.
//!
//! Families: `pss` (Pod Security Standards, baseline and restricted, version-aware like the
//! admission plugin), `workload` (resources, probes, images, service accounts, secrets in
//! env), `objects` (Services, Ingresses, Secrets), `rbac`, and `network` (NetworkPolicy
//! coverage computed across the whole scan). [`run`] evaluates them over a set of objects.
//!
//! Deliberately not here: loading (see `palisade-k8s`), configuration and suppression by
//! file (`palisade-core`), output formats (`palisade-report`).
#![warn(missing_docs)]

#[macro_use]
mod macros;
mod context;
pub mod docs;
mod engine;
mod registry;

pub mod network;
pub mod objects;
pub mod pss;
pub mod rbac;
pub mod workload;

pub use context::{Cx, FindingBuilder, PssVersion, ScanCx, Settings};
pub use engine::{run, Outcome};
pub use registry::{all, lookup};

use palisade_core::RuleMeta;
use palisade_k8s::Object;

/// Gives a rule's metadata; implemented by `declare_rule!`, never by hand.
pub trait Described {
    /// The rule's metadata, including its documentation.
    fn meta(&self) -> &'static RuleMeta;
}

/// A built-in rule. Implement [`Rule::check`] for rules about one object, and
/// [`Rule::check_scan`] for rules that need every object of the scan (network coverage).
pub trait Rule: Described + Sync + Send {
    /// Checks one object (`cx.object()`, its pod template `cx.pod()`).
    fn check(&self, _cx: &mut Cx<'_>) {}

    /// Checks the whole scan at once.
    fn check_scan(&self, _objects: &[Object], _cx: &mut ScanCx<'_>) {}
}
