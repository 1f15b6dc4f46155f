//! Label selectors: `matchLabels` / `matchExpressions` (NetworkPolicy, workloads) and plain
//! maps (Service `spec.selector`).

use palisade_yaml::Node;

use crate::object::string_map;

/// True when a `LabelSelector` (`matchLabels` + `matchExpressions`) selects `labels`.
/// An empty selector selects everything, as in the API.
pub fn matches(selector: &Node, labels: &[(String, String)]) -> bool {
    let get = |k: &str| {
        labels
            .iter()
            .find(|(lk, _)| lk == k)
            .map(|(_, v)| v.as_str())
    };
    let match_labels = string_map(selector.get("matchLabels"));
    if !match_labels.iter().all(|(k, v)| get(k) == Some(v.as_str())) {
        return false;
    }
    let exprs = selector
        .get("matchExpressions")
        .map(Node::items)
        .unwrap_or(&[]);
    exprs.iter().all(|e| {
        let key = e.get("key").and_then(Node::as_str).unwrap_or("");
        let values: Vec<String> = e
            .get("values")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|v| v.scalar_text().map(|c| c.into_owned()))
            .collect();
        let actual = get(key);
        match e.get("operator").and_then(Node::as_str).unwrap_or("") {
            "In" => actual.is_some_and(|a| values.iter().any(|v| v == a)),
            "NotIn" => actual.is_none_or(|a| values.iter().all(|v| v != a)),
            "Exists" => actual.is_some(),
            "DoesNotExist" => actual.is_none(),
            _ => false,
        }
    })
}

/// True when a plain map selector (Service `spec.selector`) selects `labels`. An empty map
/// selects nothing, as for Services.
pub fn map_matches(selector: &Node, labels: &[(String, String)]) -> bool {
    let wanted = string_map(Some(selector));
    !wanted.is_empty()
        && wanted
            .iter()
            .all(|(k, v)| labels.iter().any(|(lk, lv)| lk == k && lv == v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(y: &str) -> Node {
        palisade_yaml::load(y).documents.remove(0).root
    }

    #[test]
    fn expressions_and_labels_combine() {
        let labels = vec![
            ("app".to_string(), "api".to_string()),
            ("tier".into(), "web".into()),
        ];
        assert!(matches(&sel("{}"), &labels));
        assert!(matches(&sel("matchLabels: {app: api}"), &labels));
        assert!(!matches(&sel("matchLabels: {app: db}"), &labels));
        assert!(matches(
            &sel("matchExpressions: [{key: tier, operator: In, values: [web, x]}]"),
            &labels
        ));
        assert!(!matches(
            &sel("matchExpressions: [{key: tier, operator: DoesNotExist}]"),
            &labels
        ));
        assert!(matches(
            &sel("matchExpressions: [{key: env, operator: NotIn, values: [prod]}]"),
            &labels
        ));
        assert!(!map_matches(&sel("{}"), &labels));
        assert!(map_matches(&sel("{app: api}"), &labels));
    }
}
