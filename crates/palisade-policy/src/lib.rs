//! Policy as code: custom rules written in Rego, evaluated in-process with
//! [regorus](https://github.com/microsoft/regorus), producing the same [`Finding`]s as the
//! built-in rules, so ignores, baselines, `--fail-on` and every report format apply.
//!
//! Two conventions are understood:
//!
//! - **Conftest**: `.rego` files whose `deny`, `violation` and `warn` rules (and the
//!   `deny_*`, `violation_*`, `warn_*` prefixes) in package `main` (or the packages chosen
//!   in [`PolicyOptions`]) run with the Kubernetes object as `input`. `# METADATA`
//!   annotations give the finding its rule id (`custom.id`), severity (`custom.severity`;
//!   otherwise deny/violation → high, warn → medium), title and documentation.
//! - **Gatekeeper**: ConstraintTemplates (`templates.gatekeeper.sh/v1`, `v1beta1`) with
//!   their `rego` and `libs`, and Constraints (`constraints.gatekeeper.sh/v1beta1`) with
//!   `spec.match`, `spec.parameters` and `spec.enforcementAction`. Input is
//!   `{"review": ..., "parameters": ...}`; each `violation[{"msg": ...}]` is a finding
//!   with rule id `<Kind>/<constraint name>` and severity high (deny), medium (warn) or low
//!   (dryrun) unless a `palisade.dev/severity` annotation says otherwise.
//!
//! A [`PolicySet`] is compiled once and is `Send + Sync`; [`PolicySet::evaluate`] converts
//! the object once and borrows a prepared engine from a pool per call, so scans (rayon)
//! and the admission webhook (tokio) share one set. [`run_tests`] is `opa test`.
//!
//! Deliberately not here: fetching bundles or data from a server, Gatekeeper's
//! referential `data.inventory` (it is empty), `exception` rules of Conftest, and
//! external data providers.
#![warn(missing_docs)]

mod conftest;
mod error;
mod files;
mod gatekeeper;
mod matching;
mod metadata;
mod options;
mod pool;
mod review;
mod set;
mod source;
mod testing;
pub mod value;

pub use error::{EvalError, PolicyError};
pub use options::PolicyOptions;
pub use review::{is_cluster_scoped, GroupVersionKind, Operation, Review};
pub use set::{Action, Evaluation, PolicySet, Violation};
pub use testing::{run_tests, TestOutcome, TestResult};

#[doc(no_inline)]
pub use palisade_core::Finding;

#[cfg(test)]
mod tests;
