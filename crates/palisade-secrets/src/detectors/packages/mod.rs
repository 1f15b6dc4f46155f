//! Package registries and artifact stores: npm, PyPI, RubyGems, NuGet, crates.io, Docker Hub, Artifactory.

mod artifactory_api_key;
mod artifactory_reference_token;
mod clojars_token;
mod crates_io_token;
mod docker_hub_pat;
mod npm_token;
mod nuget_key;
mod pypi_token;
mod rubygems_key;
mod test_pypi_token;

pub use artifactory_api_key::ARTIFACTORY_API_KEY;
pub use artifactory_reference_token::ARTIFACTORY_REFERENCE_TOKEN;
pub use clojars_token::CLOJARS_TOKEN;
pub use crates_io_token::CRATES_IO_TOKEN;
pub use docker_hub_pat::DOCKER_HUB_PAT;
pub use npm_token::NPM_TOKEN;
pub use nuget_key::NUGET_KEY;
pub use pypi_token::PYPI_TOKEN;
pub use rubygems_key::RUBYGEMS_KEY;
pub use test_pypi_token::TEST_PYPI_TOKEN;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &NPM_TOKEN,
    &PYPI_TOKEN,
    &TEST_PYPI_TOKEN,
    &RUBYGEMS_KEY,
    &NUGET_KEY,
    &CLOJARS_TOKEN,
    &CRATES_IO_TOKEN,
    &DOCKER_HUB_PAT,
    &ARTIFACTORY_API_KEY,
    &ARTIFACTORY_REFERENCE_TOKEN,
];
