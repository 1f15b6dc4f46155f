use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Azure DevOps personal access tokens: 52 lowercase base32 characters assigned to an
    /// Azure DevOps token variable (`AZURE_DEVOPS_PAT`, `AZDO_TOKEN`, `SYSTEM_ACCESSTOKEN`).
    ///
    /// ## Why it matters
    /// The token acts as its user on the organization: repositories, pipelines, artifact
    /// feeds. Anyone who can read the repository — every clone, fork, CI log and backup, and
    /// the git history after the line is deleted — holds it.
    ///
    /// ## How to fix
    /// Revoke the personal access token in Azure DevOps (User settings → Personal access
    /// tokens → Revoke), issue a new one, and give it to the application at run time
    /// (environment variable from a secret manager, a Kubernetes Secret from External
    /// Secrets).
    /// ```text
    /// # before
    /// AZURE_DEVOPS_PAT = "6rsmeeqvqxzlp…"
    /// # after
    /// AZURE_DEVOPS_PAT = os.environ["AZURE_DEVOPS_PAT"]  # injected from a secret store
    /// ```
    ///
    /// ## References
    /// - Microsoft Learn: "Use personal access tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static DEVOPS_PAT {
        id: "SEC026",
        name: "azure-devops-pat",
        severity: High,
        summary: "Azure DevOps personal access token",
        remediation: "Revoke the personal access token in Azure DevOps (User settings → Personal access tokens → Revoke), then load it at run time from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["devops", "azdo", "vsts", "accesstoken"],
            pattern: r#"(?i)(?:azure[_.\-]?devops|azdo|vsts|system[_.\-]?accesstoken)[A-Za-z0-9_.\-]*[A-Za-z0-9_.\-]*["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[a-z2-7]{52})\b"#,
            boundary: false,
            min_entropy: 3.5,
            ..Spec::DEFAULT
        },
    }
}
