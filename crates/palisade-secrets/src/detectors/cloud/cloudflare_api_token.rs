use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Cloudflare API tokens: 40 URL-safe characters assigned to a Cloudflare token or key
    /// variable.
    ///
    /// ## Why it matters
    /// The token changes DNS, firewall and Workers of the zones it is scoped to: traffic can
    /// be redirected to an attacker. Anyone who can read the repository — every clone, fork,
    /// CI log and backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API token in the Cloudflare dashboard (My profile → API tokens → Roll),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// CLOUDFLARE_API_TOKEN = "2a4dP8JoHx…"
    /// # after
    /// CLOUDFLARE_API_TOKEN = os.environ["CLOUDFLARE_API_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Cloudflare docs: "Create API token"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static CLOUDFLARE_API_TOKEN {
        id: "SEC144",
        name: "cloudflare-api-token",
        severity: High,
        summary: "Cloudflare API token",
        remediation: "Revoke the API token in the Cloudflare dashboard (My profile → API tokens → Roll), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["cloudflare", "cf_api"],
            pattern: r#"(?i)(?:cloudflare|cf)[_.\-]?(?:api[_.\-]?)?(?:token|key)[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[A-Za-z0-9_\-]{40})\b"#,
            boundary: false,
            min_entropy: 3.5,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
