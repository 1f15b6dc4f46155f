//! Rules of the `objects` family, one per file: how Services and Ingresses expose
//! workloads, and Secrets whose values are committed with the manifest.

use crate::Rule;

mod common;

mod ingress_without_tls;
mod secret_data_in_manifest;
mod service_load_balancer;
mod service_node_port;

pub use ingress_without_tls::IngressWithoutTls;
pub use secret_data_in_manifest::SecretDataInManifest;
pub use service_load_balancer::ServiceLoadBalancer;
pub use service_node_port::ServiceNodePort;

/// Every rule of this family.
pub const RULES: &[&dyn Rule] = &[
    &ServiceLoadBalancer,
    &ServiceNodePort,
    &IngressWithoutTls,
    &SecretDataInManifest,
];
