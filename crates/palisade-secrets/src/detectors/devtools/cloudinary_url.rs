use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Cloudinary URL with API secrets: `cloudinary://<api key>:<api secret>@<cloud name>`.
    ///
    /// ## Why it matters
    /// The API secret uploads, replaces and deletes every asset of the cloud. Anyone who can
    /// read the repository — every clone, fork, CI log and backup, and the git history after
    /// the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the URL with API secret in the Cloudinary console (API keys → regenerate),
    /// issue a new one, and give it to the application at run time (environment variable from
    /// a secret manager, a Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// CLOUDINARY_URL = "cloudinary://802…"
    /// # after
    /// CLOUDINARY_URL = os.environ["CLOUDINARY_URL"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Cloudinary docs: "Account and API setup"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static CLOUDINARY_URL {
        id: "SEC204",
        name: "cloudinary-url",
        severity: High,
        summary: "Cloudinary URL with API secret",
        remediation: "Revoke the URL with API secret in the Cloudinary console (API keys → regenerate), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["cloudinary://"],
            pattern: r#"(?P<secret>cloudinary://[0-9]{10,15}:[A-Za-z0-9_\-]{20,40}@[a-z0-9_\-]+)"#,
            boundary: false,
            ..Spec::DEFAULT
        },
    }
}
