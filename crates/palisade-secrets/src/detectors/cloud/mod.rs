//! Infrastructure platforms and secret stores: Vault, Terraform Cloud, Pulumi, Doppler, DigitalOcean and others.

mod age_secret_key;
mod alibaba_access_key;
mod cloudflare_api_token;
mod cloudflare_origin_ca_key;
mod databricks_token;
mod digitalocean_oauth;
mod digitalocean_pat;
mod digitalocean_refresh;
mod doppler_token;
mod flyio_token;
mod harness_pat;
mod heroku_api_key;
mod infracost_token;
mod netlify_token;
mod octopus_deploy_key;
mod onepassword_service_token;
mod planetscale_token;
mod prefect_key;
mod pulumi_token;
mod render_key;
mod scalingo_token;
mod supabase_token;
mod tailscale_key;
mod terraform_cloud_token;
mod vault_batch_token;
mod vault_legacy_token;
mod vault_service_token;

pub use age_secret_key::AGE_SECRET_KEY;
pub use alibaba_access_key::ALIBABA_ACCESS_KEY;
pub use cloudflare_api_token::CLOUDFLARE_API_TOKEN;
pub use cloudflare_origin_ca_key::CLOUDFLARE_ORIGIN_CA_KEY;
pub use databricks_token::DATABRICKS_TOKEN;
pub use digitalocean_oauth::DIGITALOCEAN_OAUTH;
pub use digitalocean_pat::DIGITALOCEAN_PAT;
pub use digitalocean_refresh::DIGITALOCEAN_REFRESH;
pub use doppler_token::DOPPLER_TOKEN;
pub use flyio_token::FLYIO_TOKEN;
pub use harness_pat::HARNESS_PAT;
pub use heroku_api_key::HEROKU_API_KEY;
pub use infracost_token::INFRACOST_TOKEN;
pub use netlify_token::NETLIFY_TOKEN;
pub use octopus_deploy_key::OCTOPUS_DEPLOY_KEY;
pub use onepassword_service_token::ONEPASSWORD_SERVICE_TOKEN;
pub use planetscale_token::PLANETSCALE_TOKEN;
pub use prefect_key::PREFECT_KEY;
pub use pulumi_token::PULUMI_TOKEN;
pub use render_key::RENDER_KEY;
pub use scalingo_token::SCALINGO_TOKEN;
pub use supabase_token::SUPABASE_TOKEN;
pub use tailscale_key::TAILSCALE_KEY;
pub use terraform_cloud_token::TERRAFORM_CLOUD_TOKEN;
pub use vault_batch_token::VAULT_BATCH_TOKEN;
pub use vault_legacy_token::VAULT_LEGACY_TOKEN;
pub use vault_service_token::VAULT_SERVICE_TOKEN;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &VAULT_SERVICE_TOKEN,
    &VAULT_BATCH_TOKEN,
    &VAULT_LEGACY_TOKEN,
    &TERRAFORM_CLOUD_TOKEN,
    &PULUMI_TOKEN,
    &DOPPLER_TOKEN,
    &DIGITALOCEAN_PAT,
    &DIGITALOCEAN_OAUTH,
    &DIGITALOCEAN_REFRESH,
    &FLYIO_TOKEN,
    &ALIBABA_ACCESS_KEY,
    &HEROKU_API_KEY,
    &DATABRICKS_TOKEN,
    &CLOUDFLARE_ORIGIN_CA_KEY,
    &CLOUDFLARE_API_TOKEN,
    &AGE_SECRET_KEY,
    &SUPABASE_TOKEN,
    &PLANETSCALE_TOKEN,
    &ONEPASSWORD_SERVICE_TOKEN,
    &TAILSCALE_KEY,
    &SCALINGO_TOKEN,
    &INFRACOST_TOKEN,
    &HARNESS_PAT,
    &OCTOPUS_DEPLOY_KEY,
    &PREFECT_KEY,
    &NETLIFY_TOKEN,
    &RENDER_KEY,
];
