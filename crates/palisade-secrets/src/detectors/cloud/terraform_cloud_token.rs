use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Terraform Cloud / HCP Terraform API tokens: 14 characters, `.atlasv1.`, and 60–70 URL-
    /// safe characters.
    ///
    /// ## Why it matters
    /// A user or team token runs plans and applies on the organization's workspaces and reads
    /// their state — which holds every secret Terraform manages. Anyone who can read the
    /// repository — every clone, fork, CI log and backup, and the git history after the line
    /// is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the API token in HCP Terraform (User settings → Tokens), issue a new one, and
    /// give it to the application at run time (environment variable from a secret manager, a
    /// Kubernetes Secret from External Secrets).
    /// ```text
    /// # before
    /// TFE_TOKEN = "FwEuXNZXv4ISNV.atlasv1…"
    /// # after
    /// TFE_TOKEN = os.environ["TFE_TOKEN"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - HCP Terraform docs: "API tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static TERRAFORM_CLOUD_TOKEN {
        id: "SEC133",
        name: "terraform-cloud-token",
        severity: Critical,
        summary: "Terraform Cloud / HCP Terraform API token",
        remediation: "Revoke the API token in HCP Terraform (User settings → Tokens), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &[".atlasv1."],
            pattern: r#"\b(?P<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70})"#,
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
