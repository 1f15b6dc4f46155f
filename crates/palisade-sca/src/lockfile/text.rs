//! Shared helpers: decoding, line numbers, JSON key positions, YAML and TOML loading.

use std::collections::HashMap;

use super::LockfileError;

/// Decodes UTF-8 (with or without BOM) or UTF-16 with a BOM (Windows tools write
/// `requirements.txt` that way).
pub fn decode(bytes: &[u8]) -> Result<String, LockfileError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode(rest);
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| LockfileError::new(None, "invalid UTF-16 text"))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let line = bytes[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u32
            + 1;
        LockfileError::new(Some(line), "not valid UTF-8 text")
    })
}

/// 1-based line of byte offset `at`.
pub fn line_at(text: &str, at: usize) -> u32 {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u32
        + 1
}

/// Parses JSON with serde_json, reporting errors with their line.
pub fn json(text: &str) -> Result<serde_json::Value, LockfileError> {
    serde_json::from_str(text)
        .map_err(|e| LockfileError::new(Some(e.line() as u32), format!("invalid JSON: {e}")))
}

/// Line of every object key and array element of a JSON text, by path (segments joined
/// with `\u{0}`; array elements by index). One pass, no allocation per value.
pub struct JsonLines {
    lines: HashMap<String, u32>,
}

impl JsonLines {
    /// Indexes `text` (which should already have parsed as JSON).
    pub fn new(text: &str) -> JsonLines {
        enum C {
            Obj { expect_key: bool },
            Arr { index: usize },
        }
        let b = text.as_bytes();
        let mut lines = HashMap::new();
        let mut stack: Vec<C> = Vec::new();
        let mut path: Vec<String> = Vec::new();
        let mut line = 1u32;
        let mut i = 0;
        let record_value = |stack: &Vec<C>,
                            path: &mut Vec<String>,
                            lines: &mut HashMap<String, u32>,
                            line: u32| {
            if let Some(C::Arr { index }) = stack.last() {
                if let Some(last) = path.last_mut() {
                    *last = index.to_string();
                }
                lines.entry(path.join("\u{0}")).or_insert(line);
            }
        };
        while i < b.len() {
            match b[i] {
                b'\n' => line += 1,
                b'{' => {
                    record_value(&stack, &mut path, &mut lines, line);
                    stack.push(C::Obj { expect_key: true });
                    path.push(String::new());
                }
                b'[' => {
                    record_value(&stack, &mut path, &mut lines, line);
                    stack.push(C::Arr { index: 0 });
                    path.push("0".into());
                }
                b'}' | b']' => {
                    stack.pop();
                    path.pop();
                }
                b',' => match stack.last_mut() {
                    Some(C::Obj { expect_key }) => *expect_key = true,
                    Some(C::Arr { index }) => *index += 1,
                    None => {}
                },
                b'"' => {
                    let start = i + 1;
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        if b[i] == b'\\' {
                            i += 1;
                        } else if b[i] == b'\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                    let s = &text[start..i.min(text.len())];
                    match stack.last_mut() {
                        Some(C::Obj { expect_key }) if *expect_key => {
                            *expect_key = false;
                            if let Some(last) = path.last_mut() {
                                *last = s.replace("\\/", "/");
                            }
                            lines.entry(path.join("\u{0}")).or_insert(line);
                        }
                        _ => record_value(&stack, &mut path, &mut lines, line),
                    }
                }
                _ => {}
            }
            i += 1;
        }
        JsonLines { lines }
    }

    /// Line of the key or element at `path`; 1 when unknown.
    pub fn get(&self, path: &[&str]) -> u32 {
        self.lines.get(&path.join("\u{0}")).copied().unwrap_or(1)
    }
}

/// Loads YAML with positions (pnpm, pubspec, yarn berry). A parse error ends the file.
pub fn yaml(text: &str) -> Result<Vec<palisade_yaml::Node>, LockfileError> {
    let stream = palisade_yaml::load(text);
    if let Some(e) = stream.error {
        return Err(LockfileError::new(
            Some(e.mark.line),
            format!("invalid YAML: {}", e.message),
        ));
    }
    Ok(stream.documents.into_iter().map(|d| d.root).collect())
}

/// The text of a YAML scalar as written (so `1.10` stays `1.10`, not the float 1.1).
pub fn yaml_text(text: &str, node: &palisade_yaml::Node) -> Option<String> {
    use palisade_yaml::Value;
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            let line = text
                .lines()
                .nth(node.mark.line.saturating_sub(1) as usize)?;
            let col = node.mark.column.saturating_sub(1) as usize;
            let raw: String = line.chars().skip(col).collect();
            let raw = raw.split(" #").next().unwrap_or("").trim();
            let raw = raw.trim_end_matches([',', '}', ']']).trim();
            Some(raw.to_string())
        }
        _ => None,
    }
}

/// Parses TOML, reporting errors with their line.
pub fn toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, LockfileError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_at(text, s.start));
        LockfileError::new(line, format!("invalid TOML: {}", e.message()))
    })
}

/// Lines of each `[[package]]` header, in order (TOML lockfiles list packages that way).
pub fn package_header_lines(text: &str) -> Vec<u32> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[package]]")
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

/// Largest file a parser reads on its own (a `-r` include, a go.sum beside a go.mod).
pub const MAX_SIDE_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a file a lockfile points at, refusing anything but a regular file of bounded
/// size (a hostile repository could point at `/dev/zero` or a FIFO).
pub fn read_bounded(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_SIDE_FILE_BYTES {
        return Err(format!(
            "{} bytes, over the {MAX_SIDE_FILE_BYTES}-byte limit",
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}
