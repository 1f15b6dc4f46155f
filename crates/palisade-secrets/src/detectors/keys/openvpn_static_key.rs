use crate::Spec;

declare_detector! {
    /// ## What it checks
    /// OpenVPN static keys (`-----BEGIN OpenVPN Static key V1-----`, used for `tls-auth`,
    /// `tls-crypt` or static-key tunnels) with their hex body.
    ///
    /// ## Why it matters
    /// With `tls-crypt` or `tls-auth`, the static key is what keeps strangers from even
    /// starting a handshake with the VPN; in static-key mode it decrypts the tunnel.
    ///
    /// ## How to fix
    /// Generate a new key with `openvpn --genkey secret ta.key`, distribute it through
    /// configuration management with secrets, and rotate client configs.
    /// ```text
    /// # before
    /// -----BEGIN OpenVPN Static key V1-----
    /// # after
    /// tls-crypt /etc/openvpn/ta.key   # file provisioned from a secret store
    /// ```
    ///
    /// ## References
    /// - OpenVPN reference manual: `--tls-crypt`, `--genkey`
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static OPENVPN_STATIC_KEY {
        id: "SEC238",
        name: "openvpn-static-key",
        severity: High,
        summary: "OpenVPN static key",
        remediation: "Generate a new static key (`openvpn --genkey secret`), deploy it to every peer, and keep it out of the repository.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["-----begin openvpn static key"],
            pattern: r#"-----BEGIN OpenVPN Static key V1-----(?P<secret>[0-9a-fA-F\s]{256,1100}?)-----END OpenVPN Static key V1-----"#,
            lines_after: 20,
            placeholders: false,
            ..Spec::DEFAULT
        },
    }
}
