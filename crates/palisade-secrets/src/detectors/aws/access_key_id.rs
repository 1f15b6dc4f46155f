use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// AWS access key ids: `AKIA` (IAM user, long-term), `ASIA` (temporary, STS), `ABIA`
    /// (STS service bearer) or `ACCA` (context-specific) followed by 16 base32 characters
    /// (`A-Z`, `2-7`). The id alone cannot sign requests, but it names the key and is almost
    /// always committed next to its secret. Documentation ids (`AKIAIOSFODNN7EXAMPLE`) are
    /// not reported.
    ///
    /// ## Why it matters
    /// With the matching secret access key, anyone holding the repository acts as that IAM
    /// identity: reads S3 buckets, starts instances, escalates through IAM. Even alone the
    /// id reveals the account (`aws sts get-access-key-info`) to an attacker.
    ///
    /// ## How to fix
    /// Deactivate and delete the key in IAM (check CloudTrail for its use first), and give
    /// the workload a role instead of a key: IRSA or EKS Pod Identity on Kubernetes,
    /// instance profiles on EC2.
    /// ```text
    /// # before
    /// aws_access_key_id = AKIA2E5AQF3BZ44CT7R6
    /// # after: no key in the repository; the SDK picks up the pod's role
    /// ```
    ///
    /// ## References
    /// - AWS IAM User Guide: "Manage access keys for IAM users"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static AWS_ACCESS_KEY_ID {
        id: "SEC001",
        name: "aws-access-key-id",
        severity: High,
        summary: "AWS access key id",
        remediation: "Deactivate the key in IAM, review CloudTrail for its use, and use IAM roles (IRSA, instance profiles) instead of keys.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["akia", "asia", "abia", "acca"],
            pattern: r"\b(?P<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
            validate: Some(kind),
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}

fn kind(c: &crate::Candidate<'_>) -> Check {
    Check::Note(
        match &c.secret[..4] {
            b"ASIA" => "temporary STS credentials",
            b"AKIA" => "long-term IAM user key",
            _ => "AWS key id",
        }
        .into(),
    )
}
