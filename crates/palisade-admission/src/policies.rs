//! Rego policies (`policies: [dirs]`) as an evaluator beside the built-in rules.

use crate::config::Config;
use crate::evaluate::Evaluator;
use crate::AdmissionError;

/// The policy evaluators the configuration asks for.
pub fn evaluators(config: &Config) -> Result<Vec<Box<dyn Evaluator>>, AdmissionError> {
    if let Some(p) = config.policies.first() {
        return Err(AdmissionError::new(format!(
            "{}: policies are not supported by this build ({})",
            config.path,
            p.display()
        )));
    }
    Ok(Vec::new())
}
