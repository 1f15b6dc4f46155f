use crate::detectors::common::is_kubeconfig;
use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// `token:` entries under `users` of kubeconfig files (a file with `kind: Config`, or
    /// with `clusters:` and `users:`): bearer tokens that authenticate to the API server,
    /// usually a service-account token.
    ///
    /// ## Why it matters
    /// The token is the identity it names on the cluster — often a CI deployer or an admin
    /// service account able to read every Secret.
    ///
    /// ## How to fix
    /// Delete the service account's token Secret (or rotate the static token), review what
    /// the identity did (audit log), and give people and CI kubeconfigs with exec plugins or
    /// short-lived `kubectl create token` output instead.
    /// ```text
    /// # before
    /// users:
    /// - name: ci
    ///   user:
    ///     token: eyJhbGciOiJSUzI1NiIs...
    /// # after
    /// users:
    /// - name: ci
    ///   user:
    ///     exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: gke-gcloud-auth-plugin}
    /// ```
    ///
    /// ## References
    /// - Kubernetes docs: "Organizing cluster access using kubeconfig files"
    /// - CIS Kubernetes Benchmark 5.4.2 (Consider external secret storage)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static KUBECONFIG_TOKEN {
        id: "SEC271",
        name: "kubeconfig-token",
        severity: Critical,
        summary: "kubeconfig bearer token",
        remediation: "Delete the token (its service-account token Secret, or the static token file entry) and use short-lived credentials in kubeconfigs.",
        tags: ["CWE-798", "MITRE:T1552.001", "CIS-5.4.2"],
        spec: Spec {
            keywords: &["token:"],
            pattern: r#"(?m)^[ \t]*(?:-[ \t]+)?token:[ \t]*["\']?(?P<secret>[A-Za-z0-9._~+/\-]{20,}=*)["\']?[ \t]*\r?$"#,
            validate: Some(kubeconfig),
            min_entropy: 3.5,
            priority: 2,
            ..Spec::DEFAULT
        },
    }
}

/// Only inside a kubeconfig.
fn kubeconfig(c: &crate::Candidate<'_>) -> Check {
    if is_kubeconfig(c.file.bytes) {
        Check::Pass
    } else {
        Check::Reject
    }
}
