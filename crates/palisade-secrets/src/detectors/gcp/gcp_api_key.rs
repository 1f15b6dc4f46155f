use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// Google Cloud API keys: `AIza` followed by 35 URL-safe characters.
    ///
    /// ## Why it matters
    /// An unrestricted key calls every API enabled on the project billed to it (Maps, Gemini,
    /// Translate...). Keys meant for browsers (Firebase config) must be restricted by
    /// referrer and API. Anyone who can read the repository — every clone, fork, CI log and
    /// backup, and the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key in the Google Cloud console (APIs & Services → Credentials), or
    /// restrict it, issue a new one, and give it to the application at run time (environment
    /// variable from a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// GOOGLE_API_KEY = "AIzaSy575…"
    /// # after
    /// GOOGLE_API_KEY = os.environ["GOOGLE_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Google Cloud docs: "Manage API keys" / "Best practices for managing service account keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static GCP_API_KEY {
        id: "SEC011",
        name: "gcp-api-key",
        severity: High,
        summary: "Google Cloud API key",
        remediation: "Revoke the API key in the Google Cloud console (APIs & Services → Credentials), or restrict it, then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["aiza"],
            pattern: r#"\b(?P<secret>AIza[0-9A-Za-z_\-]{35})"#,
            boundary: true,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
