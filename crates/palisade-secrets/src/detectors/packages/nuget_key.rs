use crate::{Confidence, Spec};

declare_detector! {
    /// ## What it checks
    /// NuGet API keys: `oy2` followed by 43 lowercase letters and digits.
    ///
    /// ## Why it matters
    /// The key pushes packages (or new versions) to nuget.org under the owner's ids. Anyone
    /// who can read the repository — every clone, fork, CI log and backup, and the git
    /// history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API key on nuget.org (API keys → Regenerate/Delete), issue a new one, and
    /// give it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// NUGET_API_KEY = "oy2pgvpdj77…"
    /// # after
    /// NUGET_API_KEY = os.environ["NUGET_API_KEY"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - NuGet docs: "Scoped API keys"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static NUGET_KEY {
        id: "SEC114",
        name: "nuget-api-key",
        severity: Critical,
        summary: "NuGet API key",
        remediation: "Revoke the API key on nuget.org (API keys → Regenerate/Delete), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["oy2"],
            pattern: r#"\b(?P<secret>oy2[a-z0-9]{43})"#,
            boundary: true,
            confidence: Confidence::Medium,
            ..Spec::DEFAULT
        },
    }
}
