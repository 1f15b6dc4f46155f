//! Small builders for CEL text. Every field read in a generated expression goes through
//! [`has`] or [`is`], so an absent field never raises "no such key": Kubernetes evaluates
//! admission CEL on the object as stored (absent fields are absent, never null).

/// `has(c.a) && has(c.a.b)`: every step of `path` under `base` is present.
pub(crate) fn has(base: &str, path: &str) -> String {
    let mut current = base.to_string();
    let mut parts = Vec::new();
    for step in path.split('.') {
        current.push('.');
        current.push_str(step);
        parts.push(format!("has({current})"));
    }
    parts.join(" && ")
}

/// `(has(c.a) && has(c.a.b) && c.a.b <test>)`: the field is present and passes `test`
/// (an operator and operand, or a method call starting with `.`).
pub(crate) fn is(base: &str, path: &str, test: &str) -> String {
    let sep = if test.starts_with('.') { "" } else { " " };
    format!("({} && {base}.{path}{sep}{test})", has(base, path))
}

/// A CEL list literal of string constants: `['a', 'b']`.
pub(crate) fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A single-quoted CEL string literal. Our constants are plain ASCII; quotes and
/// backslashes are escaped all the same.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for ch in text.chars() {
        if ch == '\'' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_chains_guard_every_step() {
        assert_eq!(
            has("c", "securityContext.privileged"),
            "has(c.securityContext) && has(c.securityContext.privileged)"
        );
        assert_eq!(
            is("c", "securityContext.privileged", "== true"),
            "(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged == true)"
        );
        assert_eq!(
            is("s", "name", ".startsWith('x')"),
            "(has(s.name) && s.name.startsWith('x'))"
        );
    }

    #[test]
    fn literals_are_quoted() {
        assert_eq!(list(&["a", "b'c"]), "['a', 'b\\'c']");
    }
}
