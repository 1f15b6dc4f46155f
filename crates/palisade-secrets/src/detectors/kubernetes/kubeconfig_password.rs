use crate::detectors::common::is_kubeconfig;
use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// `password:` entries of kubeconfig files: static basic-auth credentials for the API
    /// server.
    ///
    /// ## Why it matters
    /// The password authenticates to the API server as that user; basic-auth clusters are old
    /// and rarely rotated.
    ///
    /// ## How to fix
    /// Upgrade off basic authentication (removed in Kubernetes 1.19), change the password
    /// file on the API server, and use exec-plugin or OIDC credentials.
    /// ```text
    /// # before
    /// user:
    ///   username: admin
    ///   password: s3cr3t
    /// # after
    /// user:
    ///   exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubelogin}
    /// ```
    ///
    /// ## References
    /// - Kubernetes docs: "Organizing cluster access using kubeconfig files"
    /// - CIS Kubernetes Benchmark 5.4.2 (Consider external secret storage)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static KUBECONFIG_PASSWORD {
        id: "SEC272",
        name: "kubeconfig-basic-auth-password",
        severity: Critical,
        summary: "kubeconfig basic-auth password",
        remediation: "Change the password (basic auth was removed in Kubernetes 1.19; the cluster is old) and move to token or certificate authentication.",
        tags: ["CWE-798", "MITRE:T1552.001", "CIS-5.4.2"],
        spec: Spec {
            keywords: &["password:"],
            pattern: r#"(?m)^[ \t]*password:[ \t]*["\']?(?P<secret>[^\s"\']{4,128})["\']?[ \t]*\r?$"#,
            validate: Some(kubeconfig),
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
