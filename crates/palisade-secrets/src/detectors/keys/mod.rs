//! Private keys (PEM, OpenSSH, PGP, PuTTY, VPN) and JSON Web Tokens.

mod dsa_private_key;
mod ec_private_key;
mod encrypted_private_key;
mod jwt;
mod openssh_private_key;
mod openvpn_static_key;
mod pgp_private_key;
mod pkcs8_private_key;
mod putty_private_key;
mod rsa_private_key;
mod wireguard_private_key;

pub use dsa_private_key::DSA_PRIVATE_KEY;
pub use ec_private_key::EC_PRIVATE_KEY;
pub use encrypted_private_key::ENCRYPTED_PRIVATE_KEY;
pub use jwt::JWT;
pub use openssh_private_key::OPENSSH_PRIVATE_KEY;
pub use openvpn_static_key::OPENVPN_STATIC_KEY;
pub use pgp_private_key::PGP_PRIVATE_KEY;
pub use pkcs8_private_key::PKCS8_PRIVATE_KEY;
pub use putty_private_key::PUTTY_PRIVATE_KEY;
pub use rsa_private_key::RSA_PRIVATE_KEY;
pub use wireguard_private_key::WIREGUARD_PRIVATE_KEY;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &RSA_PRIVATE_KEY,
    &EC_PRIVATE_KEY,
    &DSA_PRIVATE_KEY,
    &OPENSSH_PRIVATE_KEY,
    &PKCS8_PRIVATE_KEY,
    &PGP_PRIVATE_KEY,
    &ENCRYPTED_PRIVATE_KEY,
    &PUTTY_PRIVATE_KEY,
    &OPENVPN_STATIC_KEY,
    &WIREGUARD_PRIVATE_KEY,
    &JWT,
];
