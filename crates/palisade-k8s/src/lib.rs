//! Kubernetes manifests as Palisade sees them.
//!
//! [`load_str`] turns YAML or JSON text (multi-document streams, `kind: List`) into
//! [`Object`]s that keep the exact position of every field; documents that are not
//! Kubernetes objects are counted and skipped quietly. [`Object::pod`] gives a uniform view
//! of the pod template of every workload kind, and [`selector`] evaluates label selectors.
//!
//! Deliberately not here: rules (see `palisade-rules`), walking directories (the CLI), or
//! talking to a cluster.
#![warn(missing_docs)]

mod load;
mod object;
mod pod;
pub mod selector;

pub use load::{load_bytes, load_str, Loaded, DEFAULT_MAX_FILE_BYTES};
pub use object::Object;
pub use pod::{ContainerKind, ContainerView, PodView};
