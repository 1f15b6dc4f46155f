//! Every detector, one file each, grouped by family; each family lists its detectors in
//! its own `mod.rs`. Ids are `SEC` + three digits, grouped in blocks of ten per family,
//! and never change meaning once shipped.

use std::sync::OnceLock;

use palisade_core::RuleMeta;

use crate::Detector;

pub mod common;

pub mod ai;
pub mod aws;
pub mod azure;
pub mod chat;
pub mod cloud;
pub mod config_files;
pub mod connection;
pub mod devtools;
pub mod email;
pub mod gcp;
pub mod generic;
pub mod keys;
pub mod kubernetes;
pub mod observability;
pub mod packages;
pub mod payments;
pub mod vcs;

/// Every detector, sorted by id.
pub fn all() -> &'static [&'static Detector] {
    static ALL: OnceLock<Vec<&'static Detector>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v = [
            aws::DETECTORS,
            gcp::DETECTORS,
            azure::DETECTORS,
            vcs::DETECTORS,
            chat::DETECTORS,
            payments::DETECTORS,
            email::DETECTORS,
            packages::DETECTORS,
            cloud::DETECTORS,
            observability::DETECTORS,
            ai::DETECTORS,
            devtools::DETECTORS,
            keys::DETECTORS,
            connection::DETECTORS,
            kubernetes::DETECTORS,
            config_files::DETECTORS,
            generic::DETECTORS,
        ]
        .concat();
        v.sort_by_key(|d| d.meta.id);
        v
    })
}

/// The detector answering to `id` (case-insensitive).
pub fn lookup(id: &str) -> Option<&'static Detector> {
    all().iter().copied().find(|d| d.meta.answers_to(id))
}

/// The rule metadata of every detector, for listings and configuration checks.
pub fn metas() -> Vec<&'static RuleMeta> {
    all().iter().map(|d| &d.meta).collect()
}
