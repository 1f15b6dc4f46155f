//! Manifests as Rego sees them: the `palisade-yaml` tree (YAML 1.1 scalars, as kubectl
//! reads them, the same typing the built-in rules use) converted straight to regorus
//! values, once per object. Values are reference-counted, so the object is shared by every
//! policy's input without copying.

use std::collections::BTreeMap;

use palisade_yaml::{Node, Value as Yaml};
use regorus::Value;

/// The node tree as a regorus value (mapping keys as text; positions dropped).
pub fn from_node(node: &Node) -> Value {
    match &node.value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::from(*b),
        Yaml::Int(i) => Value::from(*i),
        Yaml::Float(f) => Value::from(*f),
        Yaml::Str(s) => Value::from(s.as_str()),
        Yaml::Seq(items) => Value::from(items.iter().map(from_node).collect::<Vec<_>>()),
        Yaml::Map(pairs) => {
            let mut map = BTreeMap::new();
            for (k, v) in pairs {
                let key = k.scalar_text().unwrap_or_default();
                map.insert(Value::from(key.as_ref()), from_node(v));
            }
            Value::from(map)
        }
    }
}

/// JSON (an AdmissionReview's object, `--input` files) as a regorus value.
pub fn from_json(json: &serde_json::Value) -> Value {
    Value::from(json.clone())
}

/// A regorus value as JSON for output; sets become arrays, undefined becomes null.
pub fn to_json(value: &Value) -> serde_json::Value {
    value
        .to_json_str()
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// Builds an object value from string keys.
pub(crate) fn object(pairs: Vec<(&str, Value)>) -> Value {
    let map: BTreeMap<Value, Value> = pairs
        .into_iter()
        .map(|(k, v)| (Value::from(k), v))
        .collect();
    Value::from(map)
}
