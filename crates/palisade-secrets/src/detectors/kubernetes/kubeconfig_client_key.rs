use crate::detectors::common::decodes_to;
use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// `client-key-data:` entries of kubeconfig files whose base64 value decodes to a PEM
    /// private key — the key of a client certificate that authenticates to the cluster.
    ///
    /// ## Why it matters
    /// A client certificate cannot be revoked by Kubernetes: the key works until the
    /// certificate expires (often a year, for `kubeadm` admin configs a cluster-admin
    /// identity) unless the cluster CA is rotated.
    ///
    /// ## How to fix
    /// Treat the cluster as exposed for that identity: remove its RBAC bindings (the
    /// certificate's user and groups, `system:masters` cannot be unbound — rotate the CA),
    /// and hand out kubeconfigs that use an exec plugin (`aws eks get-token`, `gke-gcloud-
    /// auth-plugin`, OIDC).
    /// ```text
    /// # before
    /// client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo...
    /// # after
    /// exec:
    ///   apiVersion: client.authentication.k8s.io/v1beta1
    ///   command: aws   # short-lived tokens instead of a key
    /// ```
    ///
    /// ## References
    /// - Kubernetes docs: "Organizing cluster access using kubeconfig files"
    /// - CIS Kubernetes Benchmark 5.4.2 (Consider external secret storage)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static KUBECONFIG_CLIENT_KEY {
        id: "SEC270",
        name: "kubeconfig-client-key",
        severity: Critical,
        summary: "kubeconfig client private key",
        remediation: "Revoke the client certificate (rotate the cluster CA or remove the user's bindings), and use short-lived credentials (OIDC, cloud exec plugins) instead of embedded keys.",
        tags: ["CWE-798", "MITRE:T1552.001", "CIS-5.4.2"],
        spec: Spec {
            keywords: &["client-key-data"],
            pattern: r#"client-key-data:\s*["\']?(?P<secret>[A-Za-z0-9+/]{100,}={0,2})"#,
            validate: Some(private_key),
            placeholders: false,
            ..Spec::DEFAULT
        },
    }
}

/// The value must decode to a PEM private key.
fn private_key(c: &crate::Candidate<'_>) -> Check {
    if decodes_to(c.secret, b"PRIVATE KEY-----") {
        Check::Pass
    } else {
        Check::Reject
    }
}
