//! Span-preserving, bounded YAML (and JSON) loading.
//!
//! Scanners need two things a plain YAML deserializer does not give: the exact line and
//! column of every value (so a finding points at `privileged: true`, not at the file), and
//! hard bounds on hostile input (alias bombs, absurd nesting). This crate drives the
//! `yaml-rust2` event parser itself — iteratively, so nesting depth is ours to bound — and
//! builds a small tree of [`Node`]s, each carrying its [`Mark`].
//!
//! Plain scalars are resolved the way Kubernetes resolves them (YAML 1.1 rules of go-yaml,
//! used by `sigs.k8s.io/yaml`): `yes`/`on` are booleans, `0x1F` is an integer, `~` is null.
//! Merge keys (`<<: *base`) are applied. A parse error ends the stream; documents completed
//! before it are kept, so one bad document does not hide the good ones before it.
//!
//! Deliberately not here: emitting YAML, comments, or Kubernetes semantics (see `palisade-k8s`).

use std::collections::HashMap;
use std::fmt;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A position in the source: 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mark {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column number (in characters).
    pub column: u32,
}

impl Mark {
    fn from_marker(m: &Marker) -> Self {
        Mark {
            line: m.line() as u32,
            column: m.col() as u32 + 1,
        }
    }
}

impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A YAML value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The resolved value.
    pub value: Value,
    /// Where the value starts in the source.
    pub mark: Mark,
}

/// A resolved YAML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or empty.
    Null,
    /// A boolean (YAML 1.1 spellings included, as Kubernetes reads them).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating point number.
    Float(f64),
    /// A string (quoted scalars are always strings).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order. Lookups return the last entry for a key, as Kubernetes does.
    Map(Vec<(Node, Node)>),
}

/// Bounds applied while loading.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Maximum nesting depth of sequences and mappings.
    pub max_depth: usize,
    /// Maximum number of nodes that alias expansion may create in one stream.
    pub max_alias_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 128,
            max_alias_nodes: 1_000_000,
        }
    }
}

/// A failure to load, with the position where it was detected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// Where the problem is.
    pub mark: Mark,
    /// What is wrong, for a person.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.mark, self.message)
    }
}

impl std::error::Error for LoadError {}

/// One YAML document of a stream.
#[derive(Clone, Debug)]
pub struct Document {
    /// Zero-based index of the document in the stream.
    pub index: usize,
    /// The document's root value.
    pub root: Node,
}

/// The result of loading a stream: every complete document, and the error that stopped the
/// stream, if any.
#[derive(Debug, Default)]
pub struct Stream {
    /// Documents loaded before any error.
    pub documents: Vec<Document>,
    /// The error that ended loading early.
    pub error: Option<LoadError>,
}

/// Loads every document of a YAML (or JSON) stream with default limits.
pub fn load(text: &str) -> Stream {
    load_with_limits(text, Limits::default())
}

/// Loads every document of a YAML (or JSON) stream.
pub fn load_with_limits(text: &str, limits: Limits) -> Stream {
    let mut builder = Builder::new(limits);
    builder.last = last_position(text);
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((event, marker)) => {
                if let Err(e) = builder.event(event, &marker) {
                    builder.out.error = Some(e);
                    break;
                }
            }
            Err(e) => {
                builder.out.error = Some(LoadError {
                    mark: Mark::from_marker(e.marker()),
                    message: e.info().to_string(),
                });
                break;
            }
        }
    }
    builder.out
}

enum Frame {
    Seq {
        mark: Mark,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        mark: Mark,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

struct Builder {
    limits: Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    alias_nodes: usize,
    doc_index: usize,
    /// The last position of the text: the parser places an empty value at the very end of
    /// a file without a final newline on the line that newline would begin.
    last: Mark,
    out: Stream,
}

impl Builder {
    fn new(limits: Limits) -> Self {
        Builder {
            limits,
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            doc_index: 0,
            last: Mark {
                line: u32::MAX,
                column: 1,
            },
            out: Stream::default(),
        }
    }

    fn event(&mut self, event: Event, marker: &Marker) -> Result<(), LoadError> {
        let mark = Mark::from_marker(marker).min(self.last);
        match event {
            Event::DocumentStart => {
                self.anchors.clear();
                self.stack.clear();
            }
            Event::Scalar(text, style, anchor, tag) => {
                // Mapping keys stay text: `y:` is a field named "y", not a boolean.
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                let value = if is_key {
                    Value::Str(text)
                } else {
                    resolve_scalar(text, style, tag.as_ref())
                };
                let node = Node { value, mark };
                self.complete(node, anchor);
            }
            Event::SequenceStart(anchor, _) => {
                self.check_depth(mark)?;
                self.stack.push(Frame::Seq {
                    mark,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, _) => {
                self.check_depth(mark)?;
                self.stack.push(Frame::Map {
                    mark,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    mark,
                    anchor,
                    items,
                }) = self.stack.pop()
                {
                    let node = Node {
                        value: Value::Seq(items),
                        mark,
                    };
                    self.complete(node, anchor);
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    mark,
                    anchor,
                    entries,
                    ..
                }) = self.stack.pop()
                {
                    // The parser marks a block mapping where it recognises the first key's
                    // `:`; a person expects the mapping to start at its first key.
                    let mark = entries.first().map_or(mark, |(k, _)| k.mark.min(mark));
                    let node = Node {
                        value: Value::Map(apply_merge_keys(entries)),
                        mark,
                    };
                    self.complete(node, anchor);
                }
            }
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id) else {
                    return Err(LoadError {
                        mark,
                        message: "alias refers to an unknown anchor".into(),
                    });
                };
                self.alias_nodes += *size;
                if self.alias_nodes > self.limits.max_alias_nodes {
                    return Err(LoadError {
                        mark,
                        message: format!(
                            "alias expansion exceeds {} nodes (a YAML alias bomb?); the rest of this file was not read",
                            self.limits.max_alias_nodes
                        ),
                    });
                }
                let mut node = node.clone();
                node.mark = mark;
                self.complete(node, 0);
            }
            Event::DocumentEnd | Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn check_depth(&self, mark: Mark) -> Result<(), LoadError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(LoadError {
                mark,
                message: format!("nesting deeper than {} levels", self.limits.max_depth),
            });
        }
        Ok(())
    }

    fn complete(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            let size = node.count();
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => {
                self.out.documents.push(Document {
                    index: self.doc_index,
                    root: node,
                });
                self.doc_index += 1;
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
}

/// Applies YAML merge keys (`<<`): entries of the merged mappings are added when the
/// mapping does not set the key itself.
fn apply_merge_keys(entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    if !entries.iter().any(|(k, _)| k.as_str() == Some("<<")) {
        return entries;
    }
    let mut own = Vec::with_capacity(entries.len());
    let mut merged: Vec<(Node, Node)> = Vec::new();
    for (k, v) in entries {
        if k.as_str() == Some("<<") {
            let sources: Vec<Node> = match v.value {
                Value::Seq(items) => items,
                other => vec![Node {
                    value: other,
                    mark: v.mark,
                }],
            };
            for source in sources {
                if let Value::Map(pairs) = source.value {
                    merged.extend(pairs);
                }
            }
        } else {
            own.push((k, v));
        }
    }
    for (k, v) in merged {
        let present = own
            .iter()
            .any(|(ok, _)| ok.as_str().is_some() && ok.as_str() == k.as_str());
        if !present {
            own.push((k, v));
        }
    }
    own
}

fn resolve_scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.suffix == "str" {
            return Value::Str(text);
        }
    }
    if style != TScalarStyle::Plain {
        return Value::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Value::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(i) = parse_int(&text) {
        return Value::Int(i);
    }
    if looks_like_float(&text) {
        if let Ok(f) = text.replace('_', "").parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::Str(text)
}

/// The position just after the last character, with line breaks counted as YAML counts
/// them (`\n`, `\r\n`, a lone `\r`).
fn last_position(text: &str) -> Mark {
    let bytes = text.as_bytes();
    // Byte counting vectorises; lone `\r` line breaks are rare enough to count apart.
    let newlines = bytes.iter().filter(|b| **b == b'\n').count();
    let lone_cr = if bytes.contains(&b'\r') {
        bytes
            .windows(2)
            .filter(|w| w[0] == b'\r' && w[1] != b'\n')
            .count()
            + usize::from(bytes.last() == Some(&b'\r'))
    } else {
        0
    };
    let last_line = text.rsplit(['\n', '\r']).next().unwrap_or("");
    Mark {
        line: u32::try_from(newlines + lone_cr + 1).unwrap_or(u32::MAX),
        column: u32::try_from(last_line.chars().count() + 1).unwrap_or(u32::MAX),
    }
}

fn parse_int(text: &str) -> Option<i64> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if body.is_empty() {
        return None;
    }
    let clean: String = body.chars().filter(|c| *c != '_').collect();
    let value = if let Some(hex) = clean.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = clean.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if clean.len() > 1 && clean.starts_with('0') && clean.bytes().all(|b| b.is_ascii_digit())
    {
        i64::from_str_radix(&clean[1..], 8).ok()?
    } else if clean.bytes().all(|b| b.is_ascii_digit()) {
        clean.parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(if neg { -value } else { value })
}

fn looks_like_float(text: &str) -> bool {
    let t = text.trim_start_matches(['-', '+']);
    !t.is_empty()
        && t.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+' | b'_'))
        && t.bytes().any(|b| b.is_ascii_digit())
}

impl Node {
    /// Number of nodes in this subtree (itself included); map keys count too.
    pub fn count(&self) -> usize {
        match &self.value {
            Value::Seq(items) => 1 + items.iter().map(Node::count).sum::<usize>(),
            Value::Map(pairs) => {
                1 + pairs
                    .iter()
                    .map(|(k, v)| k.count() + v.count())
                    .sum::<usize>()
            }
            _ => 1,
        }
    }

    /// The value for `key` when this is a mapping (last occurrence wins).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value node for `key` when this is a mapping.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.value {
            Value::Map(pairs) => pairs
                .iter()
                .rev()
                .find(|(k, _)| k.key_is(key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// True when this node, as a mapping key, reads as `key`: what
    /// `scalar_text() == Some(key)` says, without rendering a string key (almost every key)
    /// into a new `String`.
    fn key_is(&self, key: &str) -> bool {
        match &self.value {
            // Most keys differ from the one looked for in length or first byte: decide
            // those without a call to `memcmp`.
            Value::Str(s) => {
                s.len() == key.len() && s.as_bytes().first() == key.as_bytes().first() && s == key
            }
            Value::Seq(_) | Value::Map(_) | Value::Null => false,
            _ => self.scalar_text().as_deref() == Some(key),
        }
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// The string when this is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Any scalar rendered as text (`true`, `42`, `abc`); `None` for collections and null.
    pub fn scalar_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        match &self.value {
            Value::Str(s) => Some(Cow::Borrowed(s)),
            Value::Bool(b) => Some(Cow::Owned(b.to_string())),
            Value::Int(i) => Some(Cow::Owned(i.to_string())),
            Value::Float(f) => Some(Cow::Owned(f.to_string())),
            _ => None,
        }
    }

    /// The boolean when this is a boolean scalar.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The integer when this is an integer scalar.
    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }

    /// The items when this is a sequence; an empty slice otherwise.
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// The entries when this is a mapping; an empty slice otherwise.
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Map(pairs) => pairs,
            _ => &[],
        }
    }

    /// True for an explicit null.
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// True for a mapping.
    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// Converts to JSON (for policy engines and AdmissionReview payloads); positions are lost.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(pairs) => {
                let mut map = serde_json::Map::new();
                for (k, v) in pairs {
                    let key = k.scalar_text().map(|c| c.into_owned()).unwrap_or_default();
                    map.insert(key, v.to_json());
                }
                J::Object(map)
            }
        }
    }
}

#[cfg(test)]
mod tests;
