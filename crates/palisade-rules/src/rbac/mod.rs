//! Rules of the `rbac` family, one per file.

use crate::Rule;

/// Every rule of this family.
pub const RULES: &[&dyn Rule] = &[];
