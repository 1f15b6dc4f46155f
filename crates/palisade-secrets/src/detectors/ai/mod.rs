//! AI model APIs: OpenAI, Anthropic, Hugging Face and others.

mod anthropic_admin_key;
mod anthropic_key;
mod groq_key;
mod huggingface_org_token;
mod huggingface_token;
mod langsmith_key;
mod openai_key;
mod perplexity_key;
mod replicate_token;
mod xai_key;

pub use anthropic_admin_key::ANTHROPIC_ADMIN_KEY;
pub use anthropic_key::ANTHROPIC_KEY;
pub use groq_key::GROQ_KEY;
pub use huggingface_org_token::HUGGINGFACE_ORG_TOKEN;
pub use huggingface_token::HUGGINGFACE_TOKEN;
pub use langsmith_key::LANGSMITH_KEY;
pub use openai_key::OPENAI_KEY;
pub use perplexity_key::PERPLEXITY_KEY;
pub use replicate_token::REPLICATE_TOKEN;
pub use xai_key::XAI_KEY;

/// Every detector of this family.
pub static DETECTORS: &[&crate::Detector] = &[
    &OPENAI_KEY,
    &ANTHROPIC_KEY,
    &ANTHROPIC_ADMIN_KEY,
    &HUGGINGFACE_TOKEN,
    &HUGGINGFACE_ORG_TOKEN,
    &REPLICATE_TOKEN,
    &GROQ_KEY,
    &PERPLEXITY_KEY,
    &XAI_KEY,
    &LANGSMITH_KEY,
];
