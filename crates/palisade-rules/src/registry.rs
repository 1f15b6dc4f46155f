use crate::{network, objects, pss, rbac, workload, Rule};

/// Every built-in rule, family by family. Each family lists its rules in its own `mod.rs`.
pub fn all() -> &'static [&'static dyn Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static dyn Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        [
            pss::RULES,
            workload::RULES,
            objects::RULES,
            rbac::RULES,
            network::RULES,
        ]
        .concat()
    })
}

/// The rule answering to `id` (its id or an alias, case-insensitive).
pub fn lookup(id: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| r.meta().answers_to(id))
}
