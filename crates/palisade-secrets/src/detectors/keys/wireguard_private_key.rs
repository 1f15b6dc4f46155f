use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// `PrivateKey = <44 base64 characters>` lines of WireGuard configurations (`[Interface]`
    /// sections).
    ///
    /// ## Why it matters
    /// The private key is the peer's identity on the VPN: anyone holding it can join the
    /// network as that peer.
    ///
    /// ## How to fix
    /// Generate a new key pair with `wg genkey | tee privatekey | wg pubkey`, replace the
    /// public key on every peer, and load the private key with `PostUp = wg set %i private-
    /// key /run/secrets/wg`.
    /// ```text
    /// # before
    /// PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=
    /// # after
    /// PostUp = wg set %i private-key /run/secrets/wg-key
    /// ```
    ///
    /// ## References
    /// - WireGuard: wg(8) configuration file format
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static WIREGUARD_PRIVATE_KEY {
        id: "SEC239",
        name: "wireguard-private-key",
        severity: High,
        summary: "WireGuard private key",
        remediation: "Generate a new key pair (`wg genkey`), update the peers' public keys, and provision the private key from a secret store.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["privatekey"],
            pattern: r#"(?m)^\s*PrivateKey\s*=\s*(?P<secret>[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)\s*$"#,
            min_entropy: 4.0,
            ..Spec::DEFAULT
        },
    }
}
