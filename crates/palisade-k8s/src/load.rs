use std::sync::Arc;

use palisade_core::InputError;
use palisade_yaml::{Limits, Node, Value};

use crate::Object;

/// Files larger than this are reported and skipped unless the caller raises the limit.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// What loading one input produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Kubernetes objects, in source order (List items flattened).
    pub objects: Vec<Object>,
    /// Problems: parse errors (with line), invalid encodings.
    pub errors: Vec<InputError>,
    /// Documents that were not Kubernetes objects.
    pub skipped_documents: usize,
}

/// Loads raw bytes (UTF-8, an optional BOM) from `path`.
pub fn load_bytes(path: &str, bytes: &[u8]) -> Loaded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(path, text),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u32
                + 1;
            Loaded {
                errors: vec![InputError {
                    path: path.to_string(),
                    line: Some(line),
                    column: None,
                    message: format!("not valid UTF-8 (byte offset {})", e.valid_up_to()),
                }],
                ..Loaded::default()
            }
        }
    }
}

/// Loads YAML or JSON text from `path` (used in locations and messages).
pub fn load_str(path: &str, text: &str) -> Loaded {
    let path: Arc<str> = Arc::from(path);
    let stream = palisade_yaml::load_with_limits(text, Limits::default());
    let mut out = Loaded::default();
    for doc in stream.documents {
        collect(&path, doc.index, doc.root, &mut out);
    }
    if let Some(e) = stream.error {
        out.errors.push(InputError {
            path: path.to_string(),
            line: Some(e.mark.line),
            column: Some(e.mark.column),
            message: format!("invalid YAML: {}", e.message),
        });
    }
    out
}

fn collect(path: &Arc<str>, doc_index: usize, root: Node, out: &mut Loaded) {
    if root.is_null() {
        return;
    }
    let kind = root.get("kind").and_then(Node::as_str).map(str::to_string);
    let api_version = root
        .get("apiVersion")
        .and_then(Node::as_str)
        .map(str::to_string);
    let (Some(kind), Some(api_version)) = (kind, api_version) else {
        out.skipped_documents += 1;
        return;
    };
    let is_list = kind == "List" || (kind.ends_with("List") && root.get("items").is_some());
    if is_list {
        if let Some(Node {
            value: Value::Seq(items),
            ..
        }) = root.get("items")
        {
            for item in items.clone() {
                collect(path, doc_index, item, out);
            }
        }
        return;
    }
    out.objects.push(Object::new(
        path.clone(),
        doc_index,
        kind,
        api_version,
        root,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_flattened_and_non_k8s_skipped() {
        let l = load_str(
            "x.yaml",
            "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: a}}\n- {apiVersion: v1, kind: Service, metadata: {name: b}}\n---\nfoo: bar\n",
        );
        assert_eq!(l.objects.len(), 2);
        assert_eq!(l.objects[1].kind, "Service");
        assert_eq!(l.skipped_documents, 1);
        assert!(l.errors.is_empty());
    }

    #[test]
    fn invalid_utf8_is_an_error_with_line() {
        let l = load_bytes("bad.yaml", b"a: 1\nb: \xff\n");
        assert_eq!(l.errors[0].line, Some(2));
    }

    #[test]
    fn malformed_yaml_keeps_earlier_objects() {
        let l = load_str(
            "m.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: [\n",
        );
        assert_eq!(l.objects.len(), 1);
        assert_eq!(l.errors.len(), 1);
        assert!(l.errors[0].line.unwrap() >= 7);
    }
}
