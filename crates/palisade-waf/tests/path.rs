//! Path normalisation: every refusal reason, the canonical spelling, and properties that
//! must hold for any input (idempotence, no dot segments).

use palisade_waf::{check_path, normalize_path, PathViolation};
use proptest::prelude::*;

#[test]
fn canonical_spelling() {
    let cases = [
        ("/", "/"),
        ("/api/v1/orders", "/api/v1/orders"),
        ("/api//v1///orders", "/api/v1/orders"),
        ("/api/./v1/.", "/api/v1/"),
        ("/dir/", "/dir/"),
        ("//", "/"),
        ("/%41%62c", "/Abc"),
        ("/a%20b", "/a%20b"),
        ("/caf%C3%A9", "/caf%C3%A9"),
        ("/café", "/caf%C3%A9"),
        ("/file%2ejson", "/file.json"),
        ("/a%25zz", "/a%25zz"),
        ("/a%7eb", "/a~b"),
        ("/users/me@example.com", "/users/me@example.com"),
        ("/search?q=%27x%27&a=1", "/search?q=%27x%27&a=1"),
        ("/a/./b?x=../y", "/a/b?x=../y"),
    ];
    for (raw, want) in cases {
        assert_eq!(normalize_path(raw).as_deref(), Ok(want), "{raw}");
        assert_eq!(check_path(raw), Ok(()), "{raw}");
    }
}

#[test]
fn refusals() {
    use PathViolation::*;
    let cases = [
        ("", NotAbsolute),
        ("api/v1", NotAbsolute),
        ("*", NotAbsolute),
        ("/a/../b", Traversal),
        ("/..", Traversal),
        ("/a/..", Traversal),
        ("/static/..;/admin", Traversal),
        ("/%2e%2e/etc/passwd", EncodedTraversal),
        ("/%2E%2e/", EncodedTraversal),
        ("/.%2e/x", EncodedTraversal),
        ("/%2e/x", EncodedTraversal),
        ("/a%2fb", EncodedSeparator),
        ("/a%2F..%2Fb", EncodedSeparator),
        ("/a%5cb", EncodedSeparator),
        ("/a\\b", Backslash),
        ("/a%252e%252e/b", DoubleEncoding),
        ("/a%252fb", DoubleEncoding),
        ("/a%25%32%65", DoubleEncoding),
        ("/a%25u002e", DoubleEncoding),
        ("/a%c0%af", OverlongUtf8),
        ("/a%c0%ae%c0%ae/", OverlongUtf8),
        ("/a%e0%80%af", OverlongUtf8),
        ("/a%f0%80%80%af", OverlongUtf8),
        ("/a%ff", InvalidUtf8),
        ("/a%c3", InvalidUtf8),
        ("/a%00.php", ControlCharacter),
        ("/a%0d%0aSet-Cookie:x", ControlCharacter),
        ("/a\tb", ControlCharacter),
        ("/a%7f", ControlCharacter),
        ("/a%zz", InvalidEscape),
        ("/a%2", InvalidEscape),
        ("/a%u002e", InvalidEscape),
        ("/a#frag", Fragment),
    ];
    for (raw, want) in cases {
        assert_eq!(normalize_path(raw), Err(want), "{raw:?}");
        assert_eq!(check_path(raw), Err(want), "{raw:?}");
    }
    assert_eq!(
        normalize_path(&format!("/{}", "a".repeat(9000))),
        Err(TooLong)
    );
    assert_eq!(check_path(&format!("/{}", "a".repeat(9000))), Err(TooLong));
}

#[test]
fn violations_have_rule_ids_and_reasons() {
    assert_eq!(PathViolation::Traversal.rule(), "WAF-PATH-TRAVERSAL");
    assert_eq!(
        PathViolation::DoubleEncoding.to_string(),
        "double percent-encoding in path"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever comes in, what goes out is stable under a second pass and has no dot
    /// segments, no empty segments (but a trailing slash) and no backslashes.
    #[test]
    fn output_is_idempotent_and_has_no_dot_segments(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("..".to_owned()), Just(".".to_owned()), Just("".to_owned()),
                Just("%2e".to_owned()), Just("%2e%2e".to_owned()), Just("%25".to_owned()),
                Just("%2f".to_owned()), Just("%c3%a9".to_owned()), Just("é".to_owned()),
                Just("%41".to_owned()), Just("%".to_owned()), Just("a b".to_owned()),
                "[a-zA-Z0-9._~%:@!$&'()*+,;=-]{0,8}",
                any::<String>(),
            ],
            0..8,
        )
    ) {
        let raw = format!("/{}", parts.join("/"));
        if let Ok(out) = normalize_path(&raw) {
            let again = normalize_path(&out);
            prop_assert_eq!(again.as_deref(), Ok(out.as_str()));
            prop_assert!(out.starts_with('/'));
            let path = out.split('?').next().unwrap();
            for seg in path[1..].split('/') {
                prop_assert!(seg != ".." && seg != ".", "{}", out);
            }
            prop_assert!(!path.contains("//"), "{}", out);
            prop_assert!(!path.contains('\\'), "{}", out);
            prop_assert!(out.parse::<http::Uri>().is_ok() || out.contains('?'), "not a valid URI: {}", out);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// The gateway's allocation-free check accepts exactly what `normalize_path` accepts
    /// and gives the same reason for what it refuses.
    #[test]
    fn check_path_agrees_with_normalize_path(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("..".to_owned()), Just(".".to_owned()), Just("".to_owned()),
                Just("..;jsessionid=1".to_owned()), Just(".;x".to_owned()), Just("a#b".to_owned()),
                Just("a\\b".to_owned()), Just("a\tb".to_owned()), Just("%2e%2e".to_owned()),
                Just("é".to_owned()), Just("x?q=../..".to_owned()),
                "[a-zA-Z0-9._~:@!$&'()*+,;=#?\\-]{0,8}",
                "[ -~]{0,6}",
            ],
            0..8,
        ),
        absolute in any::<bool>(),
    ) {
        let joined = parts.join("/");
        let raw = if absolute { format!("/{joined}") } else { joined };
        prop_assert_eq!(check_path(&raw), normalize_path(&raw).map(|_| ()), "{:?}", raw);
    }
}
