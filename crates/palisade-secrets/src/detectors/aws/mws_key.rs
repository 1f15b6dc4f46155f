use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// Amazon Marketplace Web Service auth tokens: `amzn.mws.` followed by a UUID.
    ///
    /// ## Why it matters
    /// The token lets a developer application act for a seller account: orders, customer
    /// addresses, reports and listings of that seller.
    ///
    /// ## How to fix
    /// Revoke the developer's access in Seller Central (User Permissions → Third-party
    /// developer and apps) and load the token from a secret store at run time.
    /// ```text
    /// # before
    /// MWS_AUTH_TOKEN = "amzn.mws.4ea38b7b-…"
    /// # after
    /// MWS_AUTH_TOKEN = os.environ["MWS_AUTH_TOKEN"]
    /// ```
    ///
    /// ## References
    /// - Amazon MWS Developer Guide: "MWS authorization tokens"
    /// - CWE-798: Use of Hard-coded Credentials
    pub static AWS_MWS_KEY {
        id: "SEC005",
        name: "aws-mws-auth-token",
        severity: High,
        summary: "Amazon MWS auth token",
        remediation: "Revoke the token in Seller Central and load it from a secret store at run time.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["amzn.mws."],
            pattern: r"(?P<secret>amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})",
            boundary: true,
            ..Spec::DEFAULT
        },
    }
}
