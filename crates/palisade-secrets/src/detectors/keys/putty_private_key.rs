use crate::{Check, Spec};

declare_detector! {
    /// ## What it checks
    /// PuTTY private key files (`PuTTY-User-Key-File-2:` or `-3:`) with their `Private-
    /// Lines:` section; the `Encryption:` header says whether a passphrase protects it (shown
    /// in the title).
    ///
    /// ## Why it matters
    /// A PuTTY key logs in to every SSH server that trusts its public half.
    ///
    /// ## How to fix
    /// Generate a new key pair, replace the public key on the servers, and keep `.ppk` files
    /// in a password manager or agent, not in the repository.
    /// ```text
    /// # before
    /// PuTTY-User-Key-File-3: ssh-ed25519
    /// # after
    /// # .ppk files listed in .gitignore; keys live in Pageant / a password manager
    /// ```
    ///
    /// ## References
    /// - PuTTY documentation: "PuTTYgen" (the .ppk format)
    /// - CWE-798: Use of Hard-coded Credentials
    /// - MITRE ATT&CK T1552.001 (Unsecured Credentials: Credentials In Files)
    pub static PUTTY_PRIVATE_KEY {
        id: "SEC237",
        name: "private-key-putty",
        severity: Critical,
        summary: "PuTTY private key",
        remediation: "Replace the key pair, remove the old public key from every authorized_keys, and keep .ppk files out of the repository.",
        tags: ["CWE-798", "MITRE:T1552.001"],
        spec: Spec {
            keywords: &["putty-user-key-file-"],
            pattern: r#"(?s)PuTTY-User-Key-File-[23]: [^\n]+\r?\nEncryption: (?P<enc>[^\r\n]+).{0,2000}?Private-Lines: [0-9]+\r?\n(?P<secret>[A-Za-z0-9+/=\r\n]{40,8000}?)\r?\nPrivate-(?:MAC|Hash): "#,
            lines_after: 80,
            placeholders: false,
            validate: Some(encryption),
            ..Spec::DEFAULT
        },
    }
}

/// Says whether the key is passphrase-protected.
fn encryption(c: &crate::Candidate<'_>) -> Check {
    let text = String::from_utf8_lossy(c.matched);
    if text.contains("Encryption: none") {
        Check::Note("no passphrase".into())
    } else {
        Check::Note("passphrase-protected".into())
    }
}
