use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// AWS secret access keys: 40 characters of base64 (`A-Z a-z 0-9 / +`) assigned to a
    /// name that says what it is (`aws_secret_access_key`, `AWS_SECRET_KEY`, `secretAccessKey`,
    /// `aws.secret.key`), in code, shell, INI, YAML, JSON or properties files. The value must
    /// reach 4.0 bits of entropy per character and not be a documentation key.
    ///
    /// ## Why it matters
    /// The secret signs API requests: with the key id (usually nearby) it is full access as
    /// the IAM identity, from anywhere, until someone deletes it.
    ///
    /// ## How to fix
    /// Deactivate and delete the key in IAM, check CloudTrail, and use a role instead.
    /// ```text
    /// # before
    /// AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY..."
    /// # after
    /// # nothing: boto3 / the AWS SDK take credentials from the pod's IAM role
    /// ```
    ///
    /// ## References
    /// - AWS IAM User Guide: "Best practices: use temporary credentials"
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static AWS_SECRET_ACCESS_KEY {
        id: "SEC002",
        name: "aws-secret-access-key",
        severity: Critical,
        summary: "AWS secret access key",
        remediation: "Delete the key in IAM, review CloudTrail, and use IAM roles instead of long-term keys.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["aws", "secretaccesskey", "secret_access_key"],
            pattern: r#"(?i)(?:aws[_.\-]?)?secret[_.\-]?(?:access[_.\-]?)?key(?:[_.\-]?id)?["']?\s*(?::=|=>|=|:)\s*["']?(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
            min_entropy: 4.0,
            validate: Some(aws_context),
            ..Spec::DEFAULT
        },
    }
}

/// The name must say AWS, or the file must mention AWS near the value.
fn aws_context(c: &crate::Candidate<'_>) -> crate::Check {
    if crate::detectors::common::near(c, &["aws", "amazon", "s3", "boto"], 300) {
        crate::Check::Pass
    } else {
        crate::Check::Reject
    }
}
