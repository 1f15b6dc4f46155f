//! Every rule id this crate can return, with its kind, the lowest paranoia level at which
//! it fires, and a one-line description. Ids never change meaning once shipped: audit
//! logs, dashboards and allow-lists refer to them.

use crate::detection::AttackKind;

/// One detection rule's metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable id, as in [`crate::Detection::rule`].
    pub id: &'static str,
    /// Attack family.
    pub kind: AttackKind,
    /// Lowest paranoia level at which the rule's base form fires (some rules widen at
    /// higher levels).
    pub paranoia: u8,
    /// What it catches.
    pub summary: &'static str,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $kind:ident, $pl:literal, $summary:literal;)*) => {
        $(#[doc = $summary] pub const $name: &str = $id;)*
        /// All detection rules, in the order they are documented.
        pub const RULES: &[RuleInfo] = &[
            $(RuleInfo { id: $id, kind: AttackKind::$kind, paranoia: $pl, summary: $summary },)*
        ];
    };
}

rules! {
    SQLI_UNION = "WAF-SQLI-UNION", Sqli, 1,
        "`UNION [ALL] SELECT` followed by a select list: data exfiltration through a union query.";
    SQLI_TAUTOLOGY = "WAF-SQLI-TAUTOLOGY", Sqli, 1,
        "A string or number broken out of, then `OR`/`AND` with a comparison of literals (`' or '1'='1`, `1 or 1=1`): authentication bypass and boolean-blind probing.";
    SQLI_COMMENT = "WAF-SQLI-COMMENT", Sqli, 1,
        "A quote closed and the rest of the statement commented out (`admin'--`, `x')#`).";
    SQLI_STACKED = "WAF-SQLI-STACKED", Sqli, 1,
        "A second statement after `;` (`; drop table`, `; exec xp_cmdshell`).";
    SQLI_TIME = "WAF-SQLI-TIME", Sqli, 1,
        "Time-based blind injection (`sleep(`, `benchmark(`, `pg_sleep(`, `waitfor delay`).";
    SQLI_ERROR = "WAF-SQLI-ERROR", Sqli, 1,
        "Error-based extraction functions (`extractvalue(`, `updatexml(`, `floor(rand(`).";
    SQLI_SCHEMA = "WAF-SQLI-SCHEMA", Sqli, 1,
        "System catalog access (`information_schema`, `sqlite_master`, `pg_catalog`, `sysobjects`).";
    SQLI_ENCODING = "WAF-SQLI-ENCODING", Sqli, 1,
        "Strings built from codes to dodge quote filters (`char(97,100)`, `concat(0x61,...)`, `unhex(`).";
    SQLI_FILE = "WAF-SQLI-FILE", Sqli, 1,
        "File and command access from SQL (`load_file(`, `into outfile`, `xp_cmdshell`).";
    SQLI_PROBE = "WAF-SQLI-PROBE", Sqli, 1,
        "A quote closed and a clause appended (`' order by 3--`, `' and (select ...)`, `' having 1=1`).";
    SQLI_GENERIC = "WAF-SQLI-GENERIC", Sqli, 2,
        "Broader SQL forms flagged at higher paranoia (a quote break followed by `or`/`and`, `select ... from`).";
    XSS_SCRIPT = "WAF-XSS-SCRIPT", Xss, 1,
        "A `<script>` element, opening or closing.";
    XSS_EVENT_HANDLER = "WAF-XSS-EVENT-HANDLER", Xss, 1,
        "An `on*=` event handler attribute in a tag or after a broken-out attribute (`<img src=x onerror=...>`).";
    XSS_URI_SCHEME = "WAF-XSS-URI-SCHEME", Xss, 1,
        "A script-bearing URI (`javascript:`, `vbscript:`, `data:text/html`), also with whitespace and entity evasions.";
    XSS_TAG = "WAF-XSS-TAG", Xss, 1,
        "An element that loads or runs active content (`<iframe`, `<object`, `<embed`, `<base`, `<meta http-equiv`).";
    XSS_SRCDOC = "WAF-XSS-SRCDOC", Xss, 1,
        "An `srcdoc=` attribute (inline document for an iframe).";
    XSS_CSS = "WAF-XSS-CSS", Xss, 1,
        "Script in CSS (`expression(`, `-moz-binding`, `behavior: url(`).";
    XSS_JS_BREAKOUT = "WAF-XSS-JS-BREAKOUT", Xss, 1,
        "A JavaScript string broken out of to call a function (`';alert(1)//`, `\"-confirm(1)-\"`).";
    XSS_TEMPLATE = "WAF-XSS-TEMPLATE", Xss, 1,
        "Client-side template injection (`{{constructor.constructor(...)()}}`).";
    XSS_GENERIC = "WAF-XSS-GENERIC", Xss, 2,
        "Broader HTML/JS forms flagged at higher paranoia (`<svg`, `<style`, `document.cookie`, `eval(`).";
}

/// Looks up a rule by id.
pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}
