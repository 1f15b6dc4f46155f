//! Every rule Palisade knows, whatever analyzer runs it: the Kubernetes rules of
//! `palisade-rules` and the secret detectors of `palisade-secrets`. Listings, `explain`,
//! configuration checks and report metadata all read this one catalog.

use std::sync::OnceLock;

use palisade_core::RuleMeta;

/// Every rule's metadata: Kubernetes rules first, then secret detectors.
pub fn all() -> &'static [&'static RuleMeta] {
    static ALL: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        palisade_rules::all()
            .iter()
            .map(|r| r.meta())
            .chain(palisade_secrets::metas())
            .collect()
    })
}

/// The rule answering to `id` (its id or an alias, case-insensitive).
pub fn lookup(id: &str) -> Option<&'static RuleMeta> {
    all().iter().copied().find(|m| m.answers_to(id))
}

/// True for a known rule id, alias or family name, or an advisory id (or the `VUL`
/// family) of the vulnerability database, whose rules are only known at scan time.
pub fn known_rule_or_family(id: &str) -> bool {
    lookup(id).is_some()
        || all().iter().any(|m| m.family.eq_ignore_ascii_case(id))
        || crate::sca::is_advisory_id(id)
}
