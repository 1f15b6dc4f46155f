//! A small YAML writer for the generated objects (JSON values): block style, plain
//! scalars only where YAML 1.1 and 1.2 both read them back as the same string, literal
//! blocks (`|-`) for multi-line CEL, double-quoted JSON strings for everything else.
//! The project reads YAML with its own span-preserving loader and has no emitter; the
//! tests read this output back with that loader and compare it with the JSON.

use serde_json::Value;

/// Renders documents as a multi-document YAML stream (`---` before each).
pub fn to_yaml_stream(docs: &[Value]) -> String {
    let mut out = String::new();
    for doc in docs {
        out.push_str("---\n");
        write_value(&mut out, doc, 0);
    }
    out
}

/// Writes `value` as the content of a block at `indent` (the caller wrote the key, or
/// nothing at the top level). Ends with a newline.
fn write_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                pad(out, indent);
                out.push_str(&scalar(key));
                out.push(':');
                write_child(out, v, indent);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                pad(out, indent);
                out.push('-');
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        // The first entry shares the dash's line.
                        out.push(' ');
                        let mut first = true;
                        for (key, v) in m {
                            if !first {
                                pad(out, indent + 2);
                            }
                            first = false;
                            out.push_str(&scalar(key));
                            out.push(':');
                            write_child(out, v, indent + 2);
                        }
                    }
                    _ => write_child(out, item, indent),
                }
            }
        }
        other => {
            pad(out, indent);
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

/// Writes what follows `key:` or `-`: an inline scalar, a literal block, or a nested
/// block on the next lines.
fn write_child(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_value(out, value, indent + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_value(out, value, indent + 2);
        }
        Value::String(s) if literal_block_ok(s) => {
            out.push_str(" |-\n");
            for line in s.split('\n') {
                if !line.is_empty() {
                    pad(out, indent + 2);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A scalar or empty collection on one line.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string as a plain scalar when that is unambiguous, else double-quoted (a JSON string
/// literal is a valid YAML double-quoted scalar).
fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    }
}

/// Plain only for strings of letters, digits and `-_./`, starting with a letter, that no
/// YAML 1.1 or 1.2 reader takes for a boolean, null or number.
fn plain_ok(s: &str) -> bool {
    const RESERVED: &[&str] = &[
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf",
    ];
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
}

/// Multi-line text that a `|-` block keeps byte for byte: printable ASCII lines without
/// trailing blanks, not starting with a blank, and no trailing newline.
fn literal_block_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.ends_with('\n')
        && !s.starts_with([' ', '\n'])
        && s.split('\n')
            .all(|line| !line.ends_with(' ') && line.chars().all(|c| (' '..='~').contains(&c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ambiguous_strings_are_quoted() {
        assert_eq!(scalar("Deny"), "Deny");
        assert_eq!(scalar("v1"), "v1");
        assert_eq!(
            scalar("admissionregistration.k8s.io/v1"),
            "admissionregistration.k8s.io/v1"
        );
        for s in ["", "yes", "No", "null", "1.30", "x: y", "a b", "'q'", "-x"] {
            assert!(scalar(s).starts_with('"'), "{s}");
        }
    }

    #[test]
    fn nested_values_render_as_block_yaml() {
        let doc = json!({
            "a": {"b": [1, "two", {"c": "x\ny", "d": []}], "e": {}},
            "f": [["g"]],
        });
        assert_eq!(
            to_yaml_stream(&[doc]),
            "---\na:\n  b:\n    - 1\n    - two\n    - c: |-\n        x\n        y\n      d: []\n  e: {}\nf:\n  -\n    - g\n"
        );
    }
}
