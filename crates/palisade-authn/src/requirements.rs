//! What a route demands of a verified caller beyond being authenticated.

use serde_json::Value;

use crate::identity::Identity;
use crate::jwt::Verified;
use crate::Denial;

/// How a required claim's value is compared.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimRule {
    /// The claim equals this JSON value exactly; when the claim is an array, it passes if
    /// any element equals the value (e.g. `groups` contains `admins`).
    Equals(Value),
    /// The claim (or, for an array claim, any element) equals one of these values.
    OneOf(Vec<Value>),
    /// The claim is present, whatever its value.
    Present,
}

/// One required claim. `claim` is a top-level claim name, or a dotted path into nested
/// objects (`realm_access.roles`) because identity providers nest roles that way.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRequirement {
    /// The claim name or dotted path.
    pub claim: String,
    /// The comparison.
    pub rule: ClaimRule,
}

/// Per-route requirements: every scope and every claim must be satisfied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteRequirements {
    /// Scopes that must all be granted.
    pub scopes: Vec<String>,
    /// Claims that must all match.
    pub claims: Vec<ClaimRequirement>,
}

impl RouteRequirements {
    /// Whether the route asks for nothing beyond authentication.
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty() && self.claims.is_empty()
    }

    /// Checks a verified JWT: scopes first ([`Denial::MissingScope`]), then claims
    /// ([`Denial::ClaimMismatch`]).
    pub fn check(&self, verified: &Verified) -> Result<(), Denial> {
        if !self
            .scopes
            .iter()
            .all(|required| verified.scopes.iter().any(|s| s == required))
        {
            return Err(Denial::MissingScope);
        }
        for requirement in &self.claims {
            let value = lookup(&verified.claims, &requirement.claim);
            if !requirement.rule.matches(value) {
                return Err(Denial::ClaimMismatch);
            }
        }
        Ok(())
    }

    /// Checks an identity without claims (API key, mTLS): scopes as configured for it;
    /// any claim requirement fails, since there are no claims to satisfy it.
    pub fn check_identity(&self, identity: &Identity) -> Result<(), Denial> {
        if !identity.has_scopes(&self.scopes) {
            return Err(Denial::MissingScope);
        }
        if !self.claims.is_empty() {
            return Err(Denial::ClaimMismatch);
        }
        Ok(())
    }
}

impl ClaimRule {
    fn matches(&self, value: Option<&Value>) -> bool {
        let Some(value) = value else {
            return false;
        };
        let one = |candidate: &Value| match self {
            ClaimRule::Equals(expected) => candidate == expected,
            ClaimRule::OneOf(options) => options.contains(candidate),
            ClaimRule::Present => true,
        };
        match value {
            Value::Array(items) if !matches!(self, ClaimRule::Present) => {
                one(value) || items.iter().any(one)
            }
            _ => one(value),
        }
    }
}

fn lookup<'a>(claims: &'a serde_json::Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(v) = claims.get(path) {
        return Some(v);
    }
    let mut parts = path.split('.');
    let mut current = claims.get(parts.next()?)?;
    for part in parts {
        current = current.as_object()?.get(part)?;
    }
    Some(current)
}
