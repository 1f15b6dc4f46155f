/// Declares a secret detector as a `static` [`crate::Detector`]. The doc comment written on
/// it *is* the detector's documentation (What it checks / Why it matters / How to fix /
/// References): it is captured into `meta.doc`, which `palisade explain` prints.
#[macro_export]
macro_rules! declare_detector {
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident {
            id: $id:literal,
            name: $slug:literal,
            severity: $sev:ident,
            summary: $summary:literal,
            remediation: $fix:literal,
            tags: [$($tag:literal),* $(,)?],
            spec: $spec:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::Detector = $crate::Detector {
            meta: palisade_core::RuleMeta {
                id: $id,
                aliases: &[],
                name: $slug,
                family: "secrets",
                severity: palisade_core::Severity::$sev,
                summary: $summary,
                remediation: $fix,
                tags: &[$($tag),*],
                default_enabled: true,
                doc: concat!($($doc, "\n"),*),
            },
            spec: $spec,
            regex: std::sync::OnceLock::new(),
            extra: None,
        };
    };
}
