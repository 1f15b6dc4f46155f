//! Where the inspector looks and what it reports: locations, log-safe excerpts, body
//! types, headers, limits and configuration.

use http::HeaderMap;
use palisade_waf::{
    rules, AttackKind, Inspector, Location, Paranoia, WafConfig, MAX_EXCERPT_CHARS,
};

fn inspector() -> Inspector {
    Inspector::default()
}

#[test]
fn brief_examples_that_must_not_trigger() {
    let i = inspector();
    for q in [
        "name=O%27Reilly",
        "q=select+a+size",
        "q=1-2+items",
        "comment=It%27s+the+customer%27s+choice%2C+isn%27t+it%3F",
        "q=%22rust%22+OR+%22go%22",
        "size=10&sort=price&order=asc",
        "redirect=https%3A%2F%2Fshop.example%2Fcart",
    ] {
        assert!(
            i.inspect_query(q).is_empty(),
            "{q}: {:?}",
            i.inspect_query(q)
        );
    }
}

#[test]
fn query_detections_name_the_parameter_and_rule() {
    let i = inspector();
    let found = i.inspect_query("page=2&user=admin%27--&q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].rule, "WAF-SQLI-COMMENT");
    assert_eq!(found[0].kind, AttackKind::Sqli);
    assert_eq!(found[0].location, Location::Query("user".into()));
    assert_eq!(found[1].rule, "WAF-XSS-SCRIPT");
    assert_eq!(found[1].location.to_string(), "query:q");
    // Injection through the parameter name itself.
    let found = i.inspect_query("1%27+or+%271%27%3D%271=x");
    assert_eq!(found[0].rule, "WAF-SQLI-TAUTOLOGY");
}

#[test]
fn every_rule_returned_is_documented() {
    let i = inspector();
    for q in [
        "a=1+union+select+1,2",
        "a=%27+or+1=1--",
        "a=%3Ciframe+src=x%3E",
        "a=javascript:alert(1)",
        "a=1;drop+table+t",
    ] {
        for d in i.inspect_query(q) {
            let info = rules::rule(d.rule).unwrap_or_else(|| panic!("{} undocumented", d.rule));
            assert_eq!(info.kind, d.kind);
        }
    }
    let mut ids: Vec<_> = rules::RULES.iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), rules::RULES.len(), "duplicate rule id");
}

#[test]
fn json_bodies_are_walked_with_paths_keys_included() {
    let i = inspector();
    let body = br#"{"user":{"name":"O'Brien","bio":"<img src=x onerror=alert(1)>"},"items":[{"sku":"A"},{"sku":"1 union select null,null"}],"x' or '1'='1":1}"#;
    let found = i.inspect_body(Some("application/json; charset=utf-8"), body);
    let locations: Vec<String> = found.iter().map(|d| d.location.to_string()).collect();
    assert_eq!(
        locations,
        [
            "json:$.user.bio",
            "json:$.items[1].sku",
            "json:$[\"x' or '1'='1\"]"
        ]
    );
    assert_eq!(found[0].rule, "WAF-XSS-EVENT-HANDLER");
    assert_eq!(found[1].rule, "WAF-SQLI-UNION");
    // Vendor JSON types too.
    assert_eq!(
        i.inspect_body(Some("application/vnd.api+json"), body).len(),
        3
    );
    // Invalid JSON is still looked at, as text.
    let found = i.inspect_body(
        Some("application/json"),
        b"{\"a\": \"<script>alert(1)</script>\"",
    );
    assert_eq!(found[0].location, Location::Body);
}

#[test]
fn json_depth_is_bounded() {
    let i = Inspector::new(WafConfig {
        max_json_depth: 3,
        ..WafConfig::default()
    });
    let shallow = br#"{"a":{"b":"' or 1=1--"}}"#;
    assert_eq!(i.inspect_body(Some("application/json"), shallow).len(), 1);
    let deep = br#"{"a":{"b":{"c":{"d":{"e":"' or 1=1--"}}}}}"#;
    assert!(i.inspect_body(Some("application/json"), deep).is_empty());
}

#[test]
fn form_multipart_and_text_bodies() {
    let i = inspector();
    let found = i.inspect_body(
        Some("application/x-www-form-urlencoded"),
        b"name=O%27Brien&pw=x%27+or+%271%27%3D%271",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].location, Location::Form("pw".into()));

    let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello O'Brien\r\n--XyZ\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n<svg onload=alert(1)>\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n<script>not inspected</script>\r\n--XyZ\r\nContent-Disposition: form-data; name=\"notes\"; filename=\"n.txt\"\r\nContent-Type: text/plain\r\n\r\n1; drop table users\r\n--XyZ--\r\n";
    let found = i.inspect_body(Some("multipart/form-data; boundary=XyZ"), body);
    let got: Vec<(String, &str)> = found
        .iter()
        .map(|d| (d.location.to_string(), d.rule))
        .collect();
    assert_eq!(
        got,
        [
            ("multipart:comment".to_owned(), "WAF-XSS-EVENT-HANDLER"),
            ("multipart:notes".to_owned(), "WAF-SQLI-STACKED")
        ]
    );
    // Without a boundary there is nothing to split; binary types are not inspected.
    assert!(i.inspect_body(Some("multipart/form-data"), body).is_empty());
    assert!(i
        .inspect_body(Some("image/png"), b"<script>alert(1)</script>")
        .is_empty());
    assert_eq!(
        i.inspect_body(Some("text/html"), b"<p>hi</p><script>x</script>")
            .len(),
        1
    );
    assert_eq!(i.inspect_body(None, b"' or '1'='1").len(), 1);
}

#[test]
fn excerpts_are_bounded_escaped_and_redacted() {
    let i = inspector();
    let long = format!("{}' or '1'='1 {}", "a".repeat(200), "b ".repeat(200));
    let d = &i.inspect_value(Location::query("q"), &long).unwrap();
    assert!(
        d.excerpt.chars().count() <= MAX_EXCERPT_CHARS + 1,
        "{}",
        d.excerpt
    );
    assert!(d.excerpt.contains("or '1'='1"), "{}", d.excerpt);

    let d = i
        .inspect_value(Location::query("q"), "x'--\r\nInjected: log line")
        .unwrap();
    assert!(
        !d.excerpt.contains('\n') && d.excerpt.contains("\\x0d\\x0a"),
        "{}",
        d.excerpt
    );

    let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N";
    let d = i
        .inspect_value(Location::query("q"), &format!("' or 1=1-- {token}"))
        .unwrap();
    assert!(
        !d.excerpt.contains("eyJhbGci") && d.excerpt.contains("[redacted]"),
        "{}",
        d.excerpt
    );

    // Names are attacker input too.
    let name = format!("{}\n", "n".repeat(300));
    let found = i.inspect_query(&format!("{name}=%27+or+1%3D1--"));
    match &found[0].location {
        Location::Query(n) => assert!(n.chars().count() <= 100 && !n.contains('\n')),
        other => panic!("{other:?}"),
    }
}

#[test]
fn credential_headers_are_never_inspected() {
    let i = inspector();
    let mut headers = HeaderMap::new();
    headers.insert("authorization", "Bearer ' or 1=1--".parse().unwrap());
    headers.insert("cookie", "s=<script>".parse().unwrap());
    headers.insert(
        "user-agent",
        "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"
            .parse()
            .unwrap(),
    );
    assert!(i.inspect_headers(&headers).is_empty());
    headers.insert(
        "referer",
        "https://x.example/?q=<script>alert(1)</script>"
            .parse()
            .unwrap(),
    );
    let found = i.inspect_headers(&headers);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].location, Location::Header("referer".into()));
    assert!(i.inspect_header("Authorization", b"' or 1=1--").is_empty());
    assert_eq!(i.inspect_header("x-custom", b"' or 1=1--").len(), 1);
}

#[test]
fn limits_and_switches() {
    let q = "a=%27+or+1%3D1--&b=%3Cscript%3E&c=1+union+select+1,2&d=%27--";
    let all = inspector().inspect_query(q);
    assert_eq!(all.len(), 4);
    let capped = Inspector::new(WafConfig {
        max_detections: 2,
        ..WafConfig::default()
    });
    assert_eq!(capped.inspect_query(q).len(), 2);
    let sqli_only = Inspector::new(WafConfig {
        xss: false,
        ..WafConfig::default()
    });
    assert!(sqli_only
        .inspect_query(q)
        .iter()
        .all(|d| d.kind == AttackKind::Sqli));
    let xss_only = Inspector::new(WafConfig {
        sqli: false,
        ..WafConfig::default()
    });
    assert!(xss_only
        .inspect_query(q)
        .iter()
        .all(|d| d.kind == AttackKind::Xss));
    // Only the first bytes are inspected.
    let small = Inspector::new(WafConfig {
        max_inspect_bytes: 16,
        ..WafConfig::default()
    });
    let padded = format!("pad={}&a=%27+or+1%3D1--", "x".repeat(32));
    assert!(small.inspect_query(&padded).is_empty());
}

#[test]
fn paranoia_widens_detection() {
    let low = inspector();
    let high = Inspector::new(WafConfig {
        paranoia: Paranoia::HIGH,
        ..WafConfig::default()
    });
    for v in ["<svg>", "document.cookie", "x' or name"] {
        assert!(low.inspect_value(Location::Body, v).is_none(), "{v}");
        assert!(high.inspect_value(Location::Body, v).is_some(), "{v}");
    }
}

#[test]
fn config_reads_from_json_and_yaml() {
    let c: WafConfig =
        serde_json::from_str(r#"{"paranoia": 2, "xss": false, "max_inspect_bytes": 1024}"#)
            .unwrap();
    assert_eq!(c.paranoia, Paranoia::MEDIUM);
    assert!(!c.xss && c.sqli);
    assert_eq!(c.max_inspect_bytes, 1024);
    assert_eq!(c.max_json_depth, WafConfig::default().max_json_depth);

    let yaml = palisade_yaml::load("paranoia: 3\nsqli: true\nmax_detections: 4\n");
    let c: WafConfig = serde_json::from_value(yaml.documents[0].root.to_json()).unwrap();
    assert_eq!((c.paranoia.level(), c.max_detections), (3, 4));

    let e = serde_json::from_str::<WafConfig>(r#"{"paranoia": 7}"#).unwrap_err();
    assert!(
        e.to_string().contains("paranoia level must be 1 to 4"),
        "{e}"
    );
    let e = serde_json::from_str::<WafConfig>(r#"{"paranioa": 2}"#).unwrap_err();
    assert!(e.to_string().contains("unknown field `paranioa`"), "{e}");
}
