//! Kubernetes and container credentials: kubeconfigs, Secret manifests, Docker configs.

mod docker_config_auth;
mod kubeconfig_client_key;
mod kubeconfig_password;
mod kubeconfig_token;
mod secret_manifest;

pub use docker_config_auth::DOCKER_CONFIG_AUTH;
pub use kubeconfig_client_key::KUBECONFIG_CLIENT_KEY;
pub use kubeconfig_password::KUBECONFIG_PASSWORD;
pub use kubeconfig_token::KUBECONFIG_TOKEN;
pub use secret_manifest::SECRET_MANIFEST;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &KUBECONFIG_CLIENT_KEY,
    &KUBECONFIG_TOKEN,
    &KUBECONFIG_PASSWORD,
    &SECRET_MANIFEST,
    &DOCKER_CONFIG_AUTH,
];
