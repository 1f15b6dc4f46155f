//! The rule reference (`docs/rules.md`), generated from each rule's own doc comment so no
//! rule's text is written twice. A test fails when the checked-in file is stale;
//! `PALISADE_UPDATE_DOCS=1 cargo test -p palisade-rules --test rules` rewrites it.

use std::fmt::Write;

use crate::all;

/// Renders the full rule reference.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Rule reference\n\n<!-- Generated from the rules' doc comments; do not edit. \
         Regenerate: PALISADE_UPDATE_DOCS=1 cargo test -p palisade-rules --test rules -->\n\n\
         | id | name | severity | family | summary | tags |\n|---|---|---|---|---|---|\n",
    );
    for r in all() {
        let m = r.meta();
        let _ = writeln!(
            out,
            "| [{id}](#{anchor}) | {name} | {sev} | {fam} | {sum}{off} | {tags} |",
            id = m.id,
            anchor = m.id.to_ascii_lowercase(),
            name = m.name,
            sev = m.severity,
            fam = m.family,
            sum = m.summary,
            off = if m.default_enabled {
                ""
            } else {
                " (off by default)"
            },
            tags = m.tags.join(", ")
        );
    }
    for r in all() {
        let m = r.meta();
        let _ = write!(
            out,
            "\n## {}\n\n`{}` · severity **{}** · family {}",
            m.id, m.name, m.severity, m.family
        );
        if !m.aliases.is_empty() {
            let _ = write!(out, " · formerly {}", m.aliases.join(", "));
        }
        let _ = writeln!(out, "\n\nTags: {}\n", m.tags.join(", "));
        // Rule docs use `##` sections; nest them under the rule's heading.
        for line in m.doc_markdown().trim_end().lines() {
            if let Some(rest) = line.strip_prefix("## ") {
                let _ = writeln!(out, "### {rest}");
            } else {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out
}
