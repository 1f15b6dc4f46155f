//! Credential files and settings: .env, .netrc, Maven, .pypirc, .npmrc, .yarnrc.yml, PHP defines.

mod dotenv;
mod maven_settings;
mod netrc;
mod npmrc;
mod php_define;
mod pypirc;
mod yarnrc;

pub use dotenv::DOTENV;
pub use maven_settings::MAVEN_SETTINGS;
pub use netrc::NETRC;
pub use npmrc::NPMRC;
pub use php_define::PHP_DEFINE;
pub use pypirc::PYPIRC;
pub use yarnrc::YARNRC;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &DOTENV,
    &NETRC,
    &MAVEN_SETTINGS,
    &PYPIRC,
    &NPMRC,
    &YARNRC,
    &PHP_DEFINE,
];
