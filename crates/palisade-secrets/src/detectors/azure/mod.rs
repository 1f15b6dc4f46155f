//! Microsoft Azure and Entra ID credentials.

mod ad_client_secret;
mod cosmosdb_connection_string;
mod devops_pat;
mod sas_token;
mod service_bus_connection_string;
mod storage_account_key;
mod storage_connection_string;

pub use ad_client_secret::AD_CLIENT_SECRET;
pub use cosmosdb_connection_string::COSMOSDB_CONNECTION_STRING;
pub use devops_pat::DEVOPS_PAT;
pub use sas_token::SAS_TOKEN;
pub use service_bus_connection_string::SERVICE_BUS_CONNECTION_STRING;
pub use storage_account_key::STORAGE_ACCOUNT_KEY;
pub use storage_connection_string::STORAGE_CONNECTION_STRING;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &STORAGE_CONNECTION_STRING,
    &STORAGE_ACCOUNT_KEY,
    &SAS_TOKEN,
    &AD_CLIENT_SECRET,
    &SERVICE_BUS_CONNECTION_STRING,
    &COSMOSDB_CONNECTION_STRING,
    &DEVOPS_PAT,
];
