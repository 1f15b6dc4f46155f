//! Cross-site scripting detection on normalised text (see `normalize::for_xss`: entities
//! and JS escapes decoded, lower-cased).
//!
//! Markup is recognised as a browser's tokenizer would start it: `<` directly followed by
//! a tag name, so `a < b` or `<3` is prose. Attributes are judged inside such a tag, and
//! outside one only after a quote (the attribute-value breakout `" onfocus=...`). URI
//! schemes ignore the tabs and newlines browsers ignore.

use memchr::memchr_iter;

use crate::config::Paranoia;
use crate::rules::*;
use crate::sqli::Hit;

/// Tags that load or run active content by themselves.
const ACTIVE_TAGS: &[&str] = &[
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "isindex", "portal", "xml",
    "import",
];

/// Tags benign in rich text but common in XSS vectors: flagged from paranoia 2.
const SUSPECT_TAGS: &[&str] = &[
    "svg", "math", "style", "form", "input", "button", "video", "audio", "details", "marquee",
    "body", "html", "link", "textarea", "select", "keygen", "template", "noscript", "animate",
    "set", "image", "img",
];

/// Event handlers recognised outside a tag (after an attribute breakout).
const EVENTS: &[&str] = &[
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "onmouseout",
    "onmouseenter",
    "onmouseleave",
    "onmousedown",
    "onmouseup",
    "onmousemove",
    "onfocus",
    "onfocusin",
    "onfocusout",
    "onblur",
    "onchange",
    "oninput",
    "onsubmit",
    "onkeydown",
    "onkeyup",
    "onkeypress",
    "ondblclick",
    "oncontextmenu",
    "onwheel",
    "onscroll",
    "onresize",
    "onanimationstart",
    "onanimationend",
    "onanimationiteration",
    "ontransitionend",
    "onbeforeunload",
    "onunload",
    "onpageshow",
    "onhashchange",
    "onpopstate",
    "onmessage",
    "ontoggle",
    "onbegin",
    "onend",
    "onrepeat",
    "onpointerdown",
    "onpointerup",
    "onpointerover",
    "onpointerenter",
    "onpointerleave",
    "onpointermove",
    "ontouchstart",
    "ontouchend",
    "ontouchmove",
    "ondrag",
    "ondragstart",
    "ondragend",
    "ondragover",
    "ondragenter",
    "ondrop",
    "oncopy",
    "oncut",
    "onpaste",
    "onplay",
    "onplaying",
    "oncanplay",
    "onloadstart",
    "onloadeddata",
    "onprogress",
    "onsearch",
    "onselect",
    "onselectstart",
    "oninvalid",
    "onreset",
    "onafterprint",
    "onbeforeprint",
    "onauxclick",
    "onbeforeinput",
    "onshow",
    "onstart",
    "onfinish",
    "onended",
    "onpause",
    "onvolumechange",
    "ontimeupdate",
    "onseeked",
    "onwaiting",
    "onbeforetoggle",
    "onformdata",
    "onsecuritypolicyviolation",
    "onreadystatechange",
];

/// Functions an injected script calls to prove or use execution.
const SINKS: &[&str] = &[
    "alert",
    "prompt",
    "confirm",
    "eval",
    "print",
    "fetch",
    "settimeout",
    "setinterval",
    "function",
    "import",
    "atob",
    "document.",
    "window.",
    "top.",
    "self.",
    "parent.",
    "this.",
    "location",
    "constructor",
    "globalthis",
    "new ",
];

/// Returns the first XSS form found in the normalised `text`.
pub(crate) fn detect(text: &str, paranoia: Paranoia) -> Option<Hit> {
    let b = text.as_bytes();
    let level = paranoia.level();
    let hit = |rule, at| Some(Hit { rule, at });

    for lt in memchr_iter(b'<', b) {
        if let Some(h) = tag(b, lt, level) {
            return Some(h);
        }
    }

    // URI schemes, with the tabs and newlines browsers strip inside them.
    for (scheme, rule_needs_context) in [
        ("javascript:", true),
        ("vbscript:", true),
        ("livescript:", true),
        ("data:text/html", false),
        ("data:image/svg+xml", false),
        ("data:application/xhtml", false),
        ("data:text/xml", false),
    ] {
        if let Some((start, end)) = find_loose(b, scheme.as_bytes()) {
            let before = b[..start].iter().rev().find(|c| !c.is_ascii_whitespace());
            let in_attribute =
                before.is_some_and(|c| matches!(c, b'=' | b'"' | b'\'' | b'(' | b'`' | b'['));
            let code_follows = b.get(end).is_some_and(|c| !c.is_ascii_whitespace());
            // `javascript: alert(1)` as a whole value is a link; `JavaScript: The Good
            // Parts` is a book title.
            let value_is_code = before.is_none()
                && b[end..]
                    .iter()
                    .any(|c| matches!(c, b'(' | b'`' | b'=' | b';'));
            if !rule_needs_context || in_attribute || code_follows || value_is_code {
                return hit(XSS_URI_SCHEME, start);
            }
        }
    }

    // Attribute breakout: `" onfocus=alert(1) autofocus="`.
    if let Some(q) = b.iter().position(|c| matches!(c, b'"' | b'\'' | b'`')) {
        if let Some(at) = event_handler(b, q, level >= 2) {
            return hit(XSS_EVENT_HANDLER, at);
        }
        if let Some(at) = find_attr(b, q, b"srcdoc") {
            return hit(XSS_SRCDOC, at);
        }
        if let Some(at) = js_breakout(b, q) {
            return hit(XSS_JS_BREAKOUT, at);
        }
        if let Some(at) = style_attr(b, q) {
            return hit(XSS_CSS, at);
        }
    } else if level >= 2 {
        if let Some(at) = event_handler(b, 0, false) {
            return hit(XSS_EVENT_HANDLER, at);
        }
    }

    if let Some(at) = css(b) {
        return hit(XSS_CSS, at);
    }
    if let Some(at) = find(b, b"constructor.constructor(").or_else(|| {
        let open = find(b, b"{{")?;
        let inner = &b[open..];
        (find(inner, b"constructor").is_some()
            || find(inner, b"$eval").is_some()
            || find(inner, b"$on.").is_some())
        .then_some(open)
    }) {
        return hit(XSS_TEMPLATE, at);
    }
    if level >= 2 {
        for needle in [
            &b"document.cookie"[..],
            b"document.write",
            b"document.domain",
            b".innerhtml",
            b".outerhtml",
            b"string.fromcharcode",
            b"eval(",
            b"alert(",
            b"alert`",
            b"prompt(",
            b"confirm(",
            b"window.location",
            b"top.location",
        ] {
            if let Some(at) = find(b, needle) {
                return hit(XSS_GENERIC, at);
            }
        }
    }
    None
}

/// Judges the tag opened at `lt`, if one is.
fn tag(b: &[u8], lt: usize, level: u8) -> Option<Hit> {
    let mut q = lt + 1;
    let closing = b.get(q) == Some(&b'/');
    if closing {
        q += 1;
    }
    let name_start = q;
    if !b.get(q).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while q < b.len() && (b[q].is_ascii_alphanumeric() || matches!(b[q], b'-' | b':')) {
        q += 1;
    }
    let name = &b[name_start..q];
    if !(q == b.len() || matches!(b[q], b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'/' | b'>')) {
        return None;
    }
    // `<svg:script>` and `<x:iframe>` are the same elements in XML islands.
    let local = name.rsplit(|&c| c == b':').next().unwrap_or(name);
    let hit = |rule| Some(Hit { rule, at: lt });
    if local == b"script" {
        return hit(XSS_SCRIPT);
    }
    if closing {
        return None;
    }
    if ACTIVE_TAGS.iter().any(|t| t.as_bytes() == local) {
        return hit(XSS_TAG);
    }
    // The tag's extent: up to `>` (or the end of the value, which the page may close).
    let end = memchr::memchr(b'>', &b[q..]).map_or(b.len(), |i| q + i);
    let region = &b[q..end];
    if local == b"meta"
        && (find(region, b"http-equiv").is_some() || find(region, b"url=").is_some())
    {
        return hit(XSS_TAG);
    }
    if event_handler(region, 0, true).is_some() {
        return hit(XSS_EVENT_HANDLER);
    }
    if find_attr(region, 0, b"srcdoc").is_some() {
        return hit(XSS_SRCDOC);
    }
    if style_attr(region, 0).is_some() {
        return hit(XSS_CSS);
    }
    if level >= 2 && SUSPECT_TAGS.iter().any(|t| t.as_bytes() == local) && local != b"img" {
        return hit(XSS_GENERIC);
    }
    if level >= 3 && local == b"img" {
        return hit(XSS_GENERIC);
    }
    None
}

/// An `on…=` attribute at an attribute boundary after `from`. With `any_name`, any
/// `on` + 3 letters counts (inside a tag); otherwise only known event names.
fn event_handler(b: &[u8], from: usize, any_name: bool) -> Option<usize> {
    let mut i = from;
    while let Some(off) = find(&b[i..], b"on") {
        let at = i + off;
        i = at + 2;
        let boundary = at == 0
            || matches!(
                b[at - 1],
                b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'/' | b'"' | b'\'' | b'`' | b';'
            );
        if !boundary {
            continue;
        }
        let mut j = at + 2;
        while j < b.len() && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        let name = &b[at..j];
        let known = EVENTS.iter().any(|e| e.as_bytes() == name);
        if !(known || any_name && name.len() >= 5) {
            continue;
        }
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if b.get(j) == Some(&b'=') {
            return Some(at);
        }
    }
    None
}

/// `name` followed by optional whitespace and `=` at an attribute boundary.
fn find_attr(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(off) = find(&b[i..], name) {
        let at = i + off;
        i = at + name.len();
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let boundary = at == 0 || !b[at - 1].is_ascii_alphanumeric() && b[at - 1] != b'-';
        if boundary && b.get(j) == Some(&b'=') {
            return Some(at);
        }
    }
    None
}

/// `style=` whose value carries script (`expression(`, `javascript:` in `url(`, bindings).
fn style_attr(b: &[u8], from: usize) -> Option<usize> {
    let at = find_attr(b, from, b"style")?;
    let value = &b[at..];
    (find(value, b"expression").is_some_and(|e| next_non_space(value, e + 10) == Some(b'('))
        || find(value, b"-moz-binding").is_some()
        || find(value, b"behavior").is_some()
        || find(value, b"javascript:").is_some())
    .then_some(at)
}

/// CSS outside a `style=` attribute: `: expression(`, `-moz-binding:`, `behavior: url(`.
fn css(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(off) = find(&b[i..], b"expression") {
        let at = i + off;
        i = at + 10;
        let before = b[..at].iter().rev().find(|c| !c.is_ascii_whitespace());
        if before == Some(&b':') && next_non_space(b, at + 10) == Some(b'(') {
            return Some(at);
        }
    }
    if let Some(at) = find(b, b"-moz-binding") {
        if next_non_space(b, at + 12) == Some(b':') {
            return Some(at);
        }
    }
    if let Some(at) = find(b, b"behavior") {
        if next_non_space(b, at + 8) == Some(b':') && find(&b[at..], b"url(").is_some() {
            return Some(at);
        }
    }
    None
}

/// A JavaScript string closed by the value's quote and a call appended:
/// `';alert(1)//`, `"-confirm(1)-"`, `'+eval(name)+'`.
fn js_breakout(b: &[u8], from: usize) -> Option<usize> {
    for (qi, &c) in b.iter().enumerate().skip(from) {
        if !matches!(c, b'"' | b'\'' | b'`') {
            continue;
        }
        let mut j = qi + 1;
        let mut operators = 0;
        while j < b.len()
            && (matches!(
                b[j],
                b';' | b'+'
                    | b'-'
                    | b'*'
                    | b'/'
                    | b'|'
                    | b'&'
                    | b','
                    | b')'
                    | b'}'
                    | b']'
                    | b'?'
                    | b':'
                    | b'^'
                    | b'%'
            ) || b[j].is_ascii_whitespace())
        {
            if !b[j].is_ascii_whitespace() {
                operators += 1;
            }
            j += 1;
        }
        if operators == 0 {
            continue;
        }
        let rest = &b[j..];
        for sink in SINKS {
            if rest.starts_with(sink.as_bytes()) {
                let k = j + sink.len();
                let call = sink.ends_with('.') || matches!(next_non_space(b, k), Some(b'(' | b'`'));
                if call {
                    return Some(qi);
                }
            }
        }
    }
    None
}

/// Finds `needle` in `b` allowing tabs, newlines and carriage returns between its bytes
/// (browsers drop them inside URL schemes). Returns start and end.
fn find_loose(b: &[u8], needle: &[u8]) -> Option<(usize, usize)> {
    let first = needle[0];
    for start in memchr_iter(first, b) {
        let mut i = start;
        let mut n = 0;
        while n < needle.len() && i < b.len() {
            if b[i] == needle[n] {
                n += 1;
                i += 1;
            } else if matches!(b[i], b'\t' | b'\n' | b'\r') && n > 0 {
                i += 1;
            } else {
                break;
            }
        }
        if n == needle.len() {
            return Some((start, i));
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn next_non_space(b: &[u8], from: usize) -> Option<u8> {
    b.get(from..)?
        .iter()
        .copied()
        .find(|c| !c.is_ascii_whitespace())
}
