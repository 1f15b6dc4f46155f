//! Reading an OpenAPI document into compiled path items: templates split into segments,
//! parameters and request bodies with `$ref`s resolved, schemas translated to JSON Schema
//! 2020-12 and compiled once.

use std::path::Path;

use http::Method;
use palisade_yaml::{Mark, Node};
use serde_json::{Map, Value};

use super::OpenApiError;

/// One path template and its operations.
#[derive(Debug)]
pub(crate) struct PathItem {
    pub(crate) template: String,
    pub(crate) segments: Vec<Segment>,
    pub(crate) operations: Vec<Operation>,
}

/// One segment of a template: literal text, or a parameter with literal text around it
/// (`{name}.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(String),
    Param {
        prefix: String,
        name: String,
        suffix: String,
    },
}

#[derive(Debug)]
pub(crate) struct Operation {
    pub(crate) method: Method,
    pub(crate) operation_id: Option<String>,
    pub(crate) params: Vec<Param>,
    pub(crate) body: Option<BodySpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamIn {
    Path,
    Query,
    Other,
}

#[derive(Debug)]
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) location: ParamIn,
    pub(crate) required: bool,
    /// `explode` for arrays in the query (form style): repeated `a=1&a=2` rather than `a=1,2`.
    pub(crate) explode: bool,
    /// The schema's `type` (after `$ref` resolution), to turn the text into JSON.
    pub(crate) ty: Option<String>,
    /// For arrays: the items' `type`.
    pub(crate) items_ty: Option<String>,
    pub(crate) schema: Option<jsonschema::Validator>,
}

#[derive(Debug)]
pub(crate) struct BodySpec {
    pub(crate) required: bool,
    /// Media ranges as written (lower-cased), each with its compiled schema when it has one
    /// and the type is JSON.
    pub(crate) content: Vec<(String, Option<jsonschema::Validator>)>,
}

struct Ctx<'a> {
    file: &'a Path,
    /// The whole document as JSON, for `$ref` lookups.
    doc: Value,
    /// `components` translated to 2020-12, attached to every compiled schema so that
    /// `#/components/...` references resolve.
    components: Value,
    v30: bool,
}

impl Ctx<'_> {
    fn error(&self, mark: Option<Mark>, message: impl Into<String>) -> OpenApiError {
        OpenApiError {
            file: self.file.to_path_buf(),
            line: mark.map(|m| m.line),
            column: mark.map(|m| m.column),
            message: message.into(),
        }
    }

    /// Follows `$ref` chains (local only) from a JSON value.
    fn resolve<'v>(&'v self, mut value: &'v Value, mark: Mark) -> Result<&'v Value, OpenApiError> {
        for _ in 0..32 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return Ok(value);
            };
            value = self.lookup(reference, mark)?;
        }
        Err(self.error(Some(mark), "`$ref` chain is too long (a cycle?)"))
    }

    fn lookup(&self, reference: &str, mark: Mark) -> Result<&Value, OpenApiError> {
        let Some(pointer) = reference.strip_prefix('#') else {
            return Err(self.error(
                Some(mark),
                format!("`$ref: {reference}` points outside this document; only local references (`#/components/...`) are supported"),
            ));
        };
        self.doc.pointer(pointer).ok_or_else(|| {
            self.error(
                Some(mark),
                format!("`$ref: {reference}` does not exist in this document"),
            )
        })
    }

    fn compile(&self, schema: &Value, mark: Mark) -> Result<jsonschema::Validator, OpenApiError> {
        let mut root = schema.clone();
        if self.v30 {
            translate_30(&mut root);
        }
        let root = match root {
            Value::Object(mut map) => {
                if !map.contains_key("components") {
                    map.insert("components".into(), self.components.clone());
                }
                Value::Object(map)
            }
            other => other,
        };
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&root)
            .map_err(|e| self.error(Some(mark), format!("invalid schema: {e}")))
    }
}

/// Parses and compiles a document.
pub(crate) fn compile(text: &str, file: &Path) -> Result<(String, Vec<PathItem>), OpenApiError> {
    let stream = palisade_yaml::load(text);
    let err = |mark: Option<Mark>, message: String| OpenApiError {
        file: file.to_path_buf(),
        line: mark.map(|m| m.line),
        column: mark.map(|m| m.column),
        message,
    };
    if let Some(e) = stream.error {
        return Err(err(
            Some(e.mark),
            format!("not valid YAML/JSON: {}", e.message),
        ));
    }
    let Some(document) = stream.documents.into_iter().next() else {
        return Err(err(None, "the document is empty".into()));
    };
    let root = document.root;
    if !root.is_map() {
        return Err(err(
            Some(root.mark),
            "expected a mapping with `openapi` and `paths`".into(),
        ));
    }
    let version_node = root
        .get("openapi")
        .ok_or_else(|| err(Some(root.mark), "missing `openapi` version (this reads OpenAPI 3.0 and 3.1; Swagger 2.0 is not supported)".into()))?;
    let version = version_node
        .scalar_text()
        .map(|v| v.into_owned())
        .unwrap_or_default();
    let v30 = version.starts_with("3.0");
    if !(v30 || version.starts_with("3.1")) {
        return Err(err(
            Some(version_node.mark),
            format!("unsupported OpenAPI version `{version}` (expected 3.0.x or 3.1.x)"),
        ));
    }
    let doc = root.to_json();
    let mut components = doc
        .get("components")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    if v30 {
        translate_30(&mut components);
    }
    let cx = Ctx {
        file,
        doc,
        components,
        v30,
    };
    let mut items = Vec::new();
    if let Some(paths) = root.get("paths") {
        for (key, item) in paths.entries() {
            let template = key.as_str().unwrap_or_default().to_owned();
            if !template.starts_with('/') {
                return Err(cx.error(
                    Some(key.mark),
                    format!("path `{template}` must start with `/`"),
                ));
            }
            let segments = parse_template(&template).map_err(|m| cx.error(Some(key.mark), m))?;
            items.push(path_item(&cx, template, segments, item)?);
        }
    } else if root.get("webhooks").is_none() {
        return Err(cx.error(Some(root.mark), "missing `paths`"));
    }
    // Most specific first: at the first segment where two templates differ, a literal wins
    // over a parameter (`/orders/latest` before `/orders/{id}`).
    items.sort_by(|a, b| {
        let key = |p: &PathItem| -> Vec<u8> {
            p.segments
                .iter()
                .map(|s| match s {
                    Segment::Literal(_) => 0,
                    Segment::Param { prefix, suffix, .. }
                        if !prefix.is_empty() || !suffix.is_empty() =>
                    {
                        1
                    }
                    Segment::Param { .. } => 2,
                })
                .collect()
        };
        key(a).cmp(&key(b))
    });
    Ok((version, items))
}

fn parse_template(template: &str) -> Result<Vec<Segment>, String> {
    template[1..]
        .split('/')
        .map(|seg| match seg.find('{') {
            None => Ok(Segment::Literal(seg.to_owned())),
            Some(open) => {
                let close = seg[open..]
                    .find('}')
                    .map(|c| open + c)
                    .ok_or_else(|| format!("unclosed `{{` in path template `{template}`"))?;
                if seg[close + 1..].contains('{') {
                    return Err(format!(
                        "path template `{template}`: one parameter per segment is supported"
                    ));
                }
                Ok(Segment::Param {
                    prefix: seg[..open].to_owned(),
                    name: seg[open + 1..close].to_owned(),
                    suffix: seg[close + 1..].to_owned(),
                })
            }
        })
        .collect()
}

const METHODS: &[(&str, Method)] = &[
    ("get", Method::GET),
    ("put", Method::PUT),
    ("post", Method::POST),
    ("delete", Method::DELETE),
    ("options", Method::OPTIONS),
    ("head", Method::HEAD),
    ("patch", Method::PATCH),
    ("trace", Method::TRACE),
];

fn path_item(
    cx: &Ctx<'_>,
    template: String,
    segments: Vec<Segment>,
    item: &Node,
) -> Result<PathItem, OpenApiError> {
    if item.get("$ref").is_some() {
        return Err(cx.error(Some(item.mark), "`$ref` on a path item is not supported"));
    }
    let shared = match item.get("parameters") {
        Some(p) => params(cx, p)?,
        None => Vec::new(),
    };
    let mut operations = Vec::new();
    for (name, method) in METHODS {
        let Some(op) = item.get(name) else { continue };
        let mut list = match op.get("parameters") {
            Some(p) => params(cx, p)?,
            None => Vec::new(),
        };
        // Path-level parameters apply unless the operation redefines them (same name and place).
        for p in &shared {
            if !list
                .iter()
                .any(|q| q.name == p.name && q.location == p.location)
            {
                list.push(Param {
                    name: p.name.clone(),
                    location: p.location,
                    required: p.required,
                    explode: p.explode,
                    ty: p.ty.clone(),
                    items_ty: p.items_ty.clone(),
                    schema: p.schema.clone(),
                });
            }
        }
        for seg in &segments {
            if let Segment::Param { name: pname, .. } = seg {
                if !list
                    .iter()
                    .any(|p| p.location == ParamIn::Path && &p.name == pname)
                {
                    list.push(Param {
                        name: pname.clone(),
                        location: ParamIn::Path,
                        required: true,
                        explode: false,
                        ty: None,
                        items_ty: None,
                        schema: None,
                    });
                }
            }
        }
        let body = match op.get("requestBody") {
            Some(b) => Some(body_spec(cx, b)?),
            None => None,
        };
        operations.push(Operation {
            method: method.clone(),
            operation_id: op
                .get("operationId")
                .and_then(Node::as_str)
                .map(str::to_owned),
            params: list,
            body,
        });
    }
    Ok(PathItem {
        template,
        segments,
        operations,
    })
}

fn params(cx: &Ctx<'_>, list: &Node) -> Result<Vec<Param>, OpenApiError> {
    let mut out = Vec::new();
    for node in list.items() {
        let json = node.to_json();
        let p = cx.resolve(&json, node.mark)?;
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| cx.error(Some(node.mark), "parameter without `name`"))?;
        let location = match p.get("in").and_then(Value::as_str) {
            Some("path") => ParamIn::Path,
            Some("query") => ParamIn::Query,
            Some("header" | "cookie") => ParamIn::Other,
            other => {
                return Err(cx.error(
                    Some(node.mark),
                    format!(
                    "parameter `{name}`: `in` must be path, query, header or cookie, got {other:?}"
                ),
                ))
            }
        };
        let required = location == ParamIn::Path
            || p.get("required").and_then(Value::as_bool).unwrap_or(false);
        let style_form = p
            .get("style")
            .and_then(Value::as_str)
            .is_none_or(|s| s == "form");
        let explode = p
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style_form);
        let (ty, items_ty, schema) = match p.get("schema") {
            Some(schema) => {
                let resolved = cx.resolve(schema, node.mark)?;
                let ty = schema_type(resolved);
                let items_ty = resolved
                    .get("items")
                    .map(|i| cx.resolve(i, node.mark))
                    .transpose()?
                    .and_then(schema_type);
                (ty, items_ty, Some(cx.compile(schema, node.mark)?))
            }
            None => (None, None, None),
        };
        out.push(Param {
            name: name.to_owned(),
            location,
            required,
            explode,
            ty,
            items_ty,
            schema,
        });
    }
    Ok(out)
}

/// The main `type` of a schema (`["integer", "null"]` counts as integer).
fn schema_type(schema: &Value) -> Option<String> {
    match schema.get("type")? {
        Value::String(s) => Some(s.clone()),
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .map(str::to_owned),
        _ => None,
    }
}

fn body_spec(cx: &Ctx<'_>, node: &Node) -> Result<BodySpec, OpenApiError> {
    let json = node.to_json();
    let body = cx.resolve(&json, node.mark)?;
    let required = body
        .get("required")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut content = Vec::new();
    if let Some(Value::Object(map)) = body.get("content") {
        for (media, spec) in map {
            let media = media.to_ascii_lowercase();
            let essence = media.split(';').next().unwrap_or("").trim().to_owned();
            let json_type = essence == "application/json" || essence.ends_with("+json");
            let validator = match spec.get("schema") {
                Some(schema) if json_type => Some(cx.compile(schema, node.mark)?),
                _ => None,
            };
            content.push((essence, validator));
        }
    }
    Ok(BodySpec { required, content })
}

/// Translates OpenAPI 3.0's schema dialect to JSON Schema 2020-12, in place:
/// `nullable: true` adds `"null"` to `type` (and `null` to `enum`), boolean
/// `exclusiveMinimum`/`exclusiveMaximum` become the numeric form.
fn translate_30(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true)) {
                map.remove("nullable");
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert(
                        "type".into(),
                        Value::Array(vec![Value::String(t), Value::String("null".into())]),
                    );
                }
                if let Some(Value::Array(list)) = map.get_mut("enum") {
                    if !list.contains(&Value::Null) {
                        list.push(Value::Null);
                    }
                }
            } else if map.get("nullable") == Some(&Value::Bool(false)) {
                map.remove("nullable");
            }
            for (flag, bound) in [
                ("exclusiveMinimum", "minimum"),
                ("exclusiveMaximum", "maximum"),
            ] {
                if let Some(Value::Bool(on)) = map.get(flag).cloned() {
                    map.remove(flag);
                    if on {
                        if let Some(limit) = map.remove(bound) {
                            map.insert(flag.into(), limit);
                        }
                    }
                }
            }
            for v in map.values_mut() {
                translate_30(v);
            }
        }
        Value::Array(list) => list.iter_mut().for_each(translate_30),
        _ => {}
    }
}
