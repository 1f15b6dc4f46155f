/// Declares a rule struct and its [`palisade_core::RuleMeta`]. The doc comment written on
/// the struct *is* the rule's documentation: it is captured into `META.doc`, which
/// `palisade explain` prints, so the text exists exactly once.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            id: $id:literal,
            name: $slug:literal,
            family: $family:literal,
            severity: $sev:ident,
            summary: $summary:literal,
            remediation: $fix:literal,
            tags: [$($tag:literal),* $(,)?],
            $(aliases: [$($alias:literal),* $(,)?],)?
            $(default_enabled: $enabled:literal,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            /// This rule's metadata.
            pub const META: palisade_core::RuleMeta = palisade_core::RuleMeta {
                id: $id,
                aliases: &[$($($alias),*)?],
                name: $slug,
                family: $family,
                severity: palisade_core::Severity::$sev,
                summary: $summary,
                remediation: $fix,
                tags: &[$($tag),*],
                default_enabled: declare_rule!(@enabled $($enabled)?),
                doc: concat!($($doc, "\n"),*),
            };
        }

        impl $crate::Described for $name {
            fn meta(&self) -> &'static palisade_core::RuleMeta {
                &Self::META
            }
        }
    };
    (@enabled) => { true };
    (@enabled $e:literal) => { $e };
}
