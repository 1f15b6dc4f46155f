use super::*;

#[test]
fn marks_point_at_values_one_based() {
    let s = load("a: 1\nb:\n  c: true\n");
    assert!(s.error.is_none());
    let root = &s.documents[0].root;
    assert_eq!(root.get("a").unwrap().mark, Mark { line: 1, column: 4 });
    let (k, v) = root.get("b").unwrap().entry("c").unwrap();
    assert_eq!(k.mark, Mark { line: 3, column: 3 });
    assert_eq!(v.as_bool(), Some(true));
}

#[test]
fn multi_document_streams_keep_indices() {
    let s = load("---\na: 1\n---\n---\nb: 2\n");
    assert_eq!(s.documents.len(), 3);
    assert!(s.documents[1].root.is_null());
    assert_eq!(s.documents[2].root.get("b").unwrap().as_i64(), Some(2));
}

#[test]
fn yaml_1_1_scalars_resolve_like_kubernetes() {
    let s = load("a: yes\nb: 'yes'\nc: 0x10\nd: ~\ne: 1.5\nf: !!str 12\ng: off\nh: 1.2.3\n");
    let r = &s.documents[0].root;
    assert_eq!(r.get("a").unwrap().as_bool(), Some(true));
    assert_eq!(r.get("b").unwrap().as_str(), Some("yes"));
    assert_eq!(r.get("c").unwrap().as_i64(), Some(16));
    assert!(r.get("d").unwrap().is_null());
    assert_eq!(r.get("e").unwrap().value, Value::Float(1.5));
    assert_eq!(r.get("f").unwrap().as_str(), Some("12"));
    assert_eq!(r.get("g").unwrap().as_bool(), Some(false));
    assert_eq!(r.get("h").unwrap().as_str(), Some("1.2.3"));
}

#[test]
fn json_documents_load_with_positions() {
    let s = load("{\n  \"kind\": \"Pod\",\n  \"spec\": {\"hostPID\": true}\n}\n");
    assert!(s.error.is_none(), "{:?}", s.error);
    let r = &s.documents[0].root;
    assert_eq!(r.get("kind").unwrap().as_str(), Some("Pod"));
    assert_eq!(r.path(&["spec", "hostPID"]).unwrap().mark.line, 3);
}

#[test]
fn last_duplicate_key_wins_like_the_api_server() {
    let s = load("privileged: false\nprivileged: true\n");
    assert_eq!(
        s.documents[0].root.get("privileged").unwrap().as_bool(),
        Some(true)
    );
}

#[test]
fn merge_keys_fill_in_missing_entries() {
    let s = load("base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n");
    let t = s.documents[0].root.get("thing").unwrap();
    assert_eq!(t.get("x").unwrap().as_i64(), Some(1));
    assert_eq!(t.get("y").unwrap().as_i64(), Some(3));
}

#[test]
fn errors_keep_earlier_documents_and_name_the_line() {
    let s = load("a: 1\n---\nb: [1, 2\n---\nc: 3\n");
    assert_eq!(s.documents.len(), 1);
    let e = s.error.unwrap();
    assert!(e.mark.line >= 3, "{e}");
}

#[test]
fn alias_bombs_are_bounded() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        text.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n;
    }
    let s = load(&text);
    let e = s.error.expect("bomb must be refused");
    assert!(e.message.contains("alias"), "{e}");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    // The parser stops at its own recursion limit; ours (128) is stricter for block styles.
    let s = load(&"[".repeat(100_000));
    assert!(s.error.is_some());
    let mut block = String::new();
    for depth in 0..200 {
        block.push_str(&" ".repeat(depth));
        block.push_str("a:\n");
    }
    let s = load(&block);
    assert!(s.error.unwrap().message.contains("nesting"));
}

#[test]
fn unknown_alias_is_an_error() {
    let s = load("a: *nope\n");
    assert!(s.error.is_some());
}

#[test]
fn to_json_round_trips_values() {
    let s = load("a: [1, true, x, null]\n");
    assert_eq!(
        s.documents[0].root.to_json(),
        serde_json::json!({"a": [1, true, "x", null]})
    );
}

#[test]
fn block_mappings_start_at_their_first_key() {
    let s = load(
        "# c\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: b\n",
    );
    let root = &s.documents[0].root;
    assert_eq!(root.mark, Mark { line: 2, column: 1 });
    let c = &root.path(&["spec", "containers"]).unwrap().items()[0];
    assert_eq!(c.mark, Mark { line: 6, column: 7 });
    let flow = load("a: {b: 1}\n");
    assert_eq!(
        flow.documents[0].root.get("a").unwrap().mark,
        Mark { line: 1, column: 4 }
    );
}

/// Regression: an empty value at the very end of a file without a final newline was placed
/// one line past the end of the file (found by the never-panics property test).
#[test]
fn marks_never_point_past_the_end_of_the_text() {
    let s = load("containers:\n  -");
    let item = &s.documents[0].root.get("containers").unwrap().items()[0];
    assert!(item.mark.line <= 2, "{:?}", item.mark);
    let s = load("a:\r\nb:");
    assert!(s.documents[0].root.get("b").unwrap().mark.line <= 2);
}
