use crate::util::base64_decode;
use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// `"auth": "<base64>"` entries of Docker `config.json` / `.dockerconfigjson` files whose
    /// value decodes to `user:password` with a non-empty password (the title names the user).
    /// Inside Kubernetes `dockerconfigjson` Secrets the value is found after the Secret's own
    /// base64 is decoded (SEC273).
    ///
    /// ## Why it matters
    /// Registry credentials pull private images (with their embedded secrets and code) and,
    /// when they can push, replace an image that production will run.
    ///
    /// ## How to fix
    /// Revoke the password or token at the registry, then use a credential helper (`docker-
    /// credential-ecr-login`, `gcloud auth configure-docker`) or workload identity for image
    /// pulls, and keep `config.json` out of the repository.
    /// ```text
    /// # before
    /// {"auths": {"registry.example.com": {"auth": "ZGVwbG95OnMzY3IzdA=="}}}
    /// # after
    /// {"credHelpers": {"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}}
    /// ```
    ///
    /// ## References
    /// - Docker docs: "docker login" (credential stores)
    /// - Kubernetes docs: "Pull an image from a private registry"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DOCKER_CONFIG_AUTH {
        id: "SEC274",
        name: "docker-config-auth",
        severity: High,
        summary: "container registry credentials in a Docker config",
        remediation: "Revoke the registry password or token, and use credential helpers or workload identity to pull images.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["\"auth\""],
            pattern: r#""auth"\s*:\s*"(?P<secret>[A-Za-z0-9+/]{8,}={0,2})""#,
            validate: Some(user_password),
            ..Spec::DEFAULT
        },
    }
}

/// The value must decode to `user:password` with a non-empty password.
fn user_password(c: &crate::Candidate<'_>) -> Check {
    let Some(raw) = base64_decode(c.secret) else {
        return Check::Reject;
    };
    let text = String::from_utf8_lossy(&raw);
    match text.split_once(':') {
        Some((user, pass))
            if !pass.is_empty()
                && crate::filters::placeholder_reason(pass.as_bytes()).is_none() =>
        {
            Check::Note(format!(
                "user `{}`",
                user.chars().take(64).collect::<String>()
            ))
        }
        _ => Check::Reject,
    }
}
