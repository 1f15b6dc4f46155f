//! OpenAPI validation against the demo's spec (`examples/shop/api/openapi.yaml`, 3.0) and a
//! 3.1 fixture: what the gateway lets through and what it refuses, with the reason.

use std::path::PathBuf;

use http::{Method, StatusCode};
use palisade_waf::{OpenApi, ViolationKind};

fn shop() -> OpenApi {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/shop/api/openapi.yaml");
    OpenApi::load(path).unwrap()
}

const ORDER: &str = r#"{"customerId":"c-1","items":[{"sku":"TEA-1","qty":2}],
  "shipping":{"name":"Siobhán O'Sullivan","street":"1 Main St","city":"Cork","postcode":null,"country":"IE"},"coupon":null}"#;

#[test]
fn valid_requests_match_their_operation() {
    let api = shop();
    assert_eq!(api.version(), "3.0.3");
    let m = api
        .validate(
            &Method::GET,
            "/orders",
            Some("limit=10&status=paid&tag=a&tag=b"),
            None,
            b"",
        )
        .unwrap();
    assert_eq!(m.operation_id.as_deref(), Some("listOrders"));
    assert_eq!(m.path_template, "/orders");

    let m = api
        .validate(&Method::GET, "/orders/42", None, None, b"")
        .unwrap();
    assert_eq!(m.operation_id.as_deref(), Some("getOrder"));
    assert_eq!(m.path_params, vec![("orderId".to_owned(), "42".to_owned())]);

    let m = api
        .validate(
            &Method::POST,
            "/orders",
            None,
            Some("application/json; charset=utf-8"),
            ORDER.as_bytes(),
        )
        .unwrap();
    assert_eq!(m.operation_id.as_deref(), Some("createOrder"));

    let m = api
        .validate(&Method::GET, "/orders/7/invoice.pdf", None, None, b"")
        .unwrap();
    assert_eq!(m.operation_id.as_deref(), Some("getInvoice"));

    // HEAD is answered by GET.
    api.validate(&Method::HEAD, "/orders/42", None, None, b"")
        .unwrap();
    // Percent-encoded path parameters are decoded before they are checked.
    api.validate(
        &Method::GET,
        "/search",
        Some("q=O%27Brien+tea&page=2&inStock=true"),
        None,
        b"",
    )
    .unwrap();
}

#[test]
fn the_most_specific_template_wins() {
    let api = shop();
    let m = api
        .validate(&Method::GET, "/orders/latest", None, None, b"")
        .unwrap();
    assert_eq!(m.operation_id.as_deref(), Some("latestOrder"));
}

#[test]
fn unknown_paths_and_methods_are_refused() {
    let api = shop();
    let v = api
        .validate(&Method::GET, "/admin", None, None, b"")
        .unwrap_err();
    assert_eq!(v.kind, ViolationKind::UnknownPath);
    assert_eq!(v.status(), StatusCode::NOT_FOUND);

    let v = api
        .validate(&Method::PUT, "/orders/1", None, None, b"")
        .unwrap_err();
    assert_eq!(v.kind, ViolationKind::MethodNotAllowed);
    assert_eq!(v.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        v.allow.contains(&Method::GET)
            && v.allow.contains(&Method::PATCH)
            && v.allow.contains(&Method::DELETE)
    );
    // A trailing slash is a different path.
    assert_eq!(
        api.validate(&Method::GET, "/orders/", None, None, b"")
            .unwrap_err()
            .kind,
        ViolationKind::UnknownPath
    );
}

#[test]
fn parameters_are_typed_and_required() {
    let api = shop();
    let kind = |method: Method, path: &str, query: Option<&str>| {
        api.validate(&method, path, query, None, b"").unwrap_err()
    };

    let v = kind(Method::GET, "/orders/abc", None);
    assert_eq!(v.kind, ViolationKind::InvalidParameter);
    assert_eq!(v.reason, "path parameter `orderId`: expected an integer");
    assert_eq!(
        kind(Method::GET, "/orders/0", None).reason,
        "path parameter `orderId`: fails `minimum`"
    );

    let v = kind(Method::GET, "/search", None);
    assert_eq!(v.kind, ViolationKind::MissingParameter);
    assert_eq!(v.reason, "required query parameter `q` is missing");
    assert_eq!(
        kind(Method::GET, "/search", Some("q=x&page=101")).reason,
        "query parameter `page`: fails `maximum`"
    );
    assert_eq!(
        kind(Method::GET, "/search", Some("q=x&inStock=yes")).reason,
        "query parameter `inStock`: expected true or false"
    );
    assert_eq!(
        kind(Method::GET, "/search", Some("q=")).reason,
        "query parameter `q`: fails `minLength`"
    );
    assert_eq!(
        kind(Method::GET, "/orders", Some("limit=1000")).reason,
        "query parameter `limit`: fails `maximum`"
    );
    assert_eq!(
        kind(Method::GET, "/orders", Some("status=lost")).reason,
        "query parameter `status`: fails `enum`"
    );
    assert_eq!(
        kind(Method::GET, "/orders", Some("limit=1&limit=2")).reason,
        "query parameter `limit`: given more than once"
    );
    let long_tag = format!("tag={}", "x".repeat(40));
    assert_eq!(
        kind(Method::GET, "/orders", Some(&long_tag)).reason,
        "query parameter `tag`: fails `maxLength`"
    );
    assert_eq!(
        kind(Method::POST, "/cart/XYZ/items", None).reason,
        "path parameter `cartId`: fails `pattern`"
    );
}

#[test]
fn bodies_are_checked_against_content_type_and_schema() {
    let api = shop();
    let post = |ct: Option<&str>, body: &str| {
        api.validate(&Method::POST, "/orders", None, ct, body.as_bytes())
    };

    let v = post(Some("application/json"), "").unwrap_err();
    assert_eq!(v.kind, ViolationKind::MissingBody);
    let v = post(Some("text/plain"), ORDER).unwrap_err();
    assert_eq!(v.kind, ViolationKind::UnsupportedContentType);
    assert_eq!(v.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        post(None, ORDER).unwrap_err().kind,
        ViolationKind::UnsupportedContentType
    );

    let v = post(Some("application/json"), "{not json").unwrap_err();
    assert_eq!(v.kind, ViolationKind::InvalidBody);
    assert!(
        v.reason.starts_with("the body is not valid JSON"),
        "{}",
        v.reason
    );

    // `$ref` into components, `exclusiveMinimum: true` (3.0) translated: qty 0 is refused.
    let zero = ORDER.replace(r#""qty":2"#, r#""qty":0"#);
    let v = post(Some("application/json"), &zero).unwrap_err();
    assert_eq!(v.reason, "body at `/items/0/qty` fails `exclusiveMinimum`");
    let extra = ORDER.replace(
        r#""customerId":"c-1""#,
        r#""customerId":"c-1","isAdmin":true"#,
    );
    assert_eq!(
        post(Some("application/json"), &extra).unwrap_err().reason,
        "body at `/` fails `additionalProperties`"
    );
    let missing = ORDER.replace(r#""customerId":"c-1","#, "");
    assert_eq!(
        post(Some("application/json"), &missing).unwrap_err().reason,
        "body at `/` fails `required`"
    );

    // `nullable: true` (3.0) accepts null; without it null is refused.
    let patch = |body: &str| {
        api.validate(
            &Method::PATCH,
            "/orders/3",
            None,
            Some("application/json"),
            body.as_bytes(),
        )
    };
    patch(r#"{"note":null}"#).unwrap();
    assert_eq!(
        patch(r#"{"status":null}"#).unwrap_err().reason,
        "body at `/status` fails `type`"
    );

    // A body sent to an operation that takes none.
    let v = api
        .validate(
            &Method::GET,
            "/orders/1",
            None,
            Some("application/json"),
            b"{}",
        )
        .unwrap_err();
    assert_eq!(v.kind, ViolationKind::UnexpectedBody);
}

#[test]
fn reasons_never_quote_the_body() {
    let api = shop();
    let secret = "sk_live_0123456789abcdefSECRET";
    let body = ORDER.replace(r#""TEA-1""#, &format!("\"{secret}\""));
    let v = api
        .validate(
            &Method::POST,
            "/orders",
            None,
            Some("application/json"),
            body.as_bytes(),
        )
        .unwrap_err();
    assert_eq!(v.reason, "body at `/items/0/sku` fails `pattern`");
    assert!(!v.to_string().contains(secret));
}

#[test]
fn openapi_31_documents_validate_with_json_schema_2020_12() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore-3.1.json");
    let api = OpenApi::load(path).unwrap();
    assert_eq!(api.version(), "3.1.0");
    let put = |body: &str| {
        api.validate(
            &Method::PUT,
            "/pets/5",
            None,
            Some("application/merge-patch+json"),
            body.as_bytes(),
        )
    };
    put(r#"{"name":"Rex","tag":null,"age":3}"#).unwrap();
    assert_eq!(
        put(r#"{"name":"Rex","age":0}"#).unwrap_err().reason,
        "body at `/age` fails `exclusiveMinimum`"
    );
}

#[test]
fn load_errors_name_the_file_and_line() {
    let e = OpenApi::load("/nonexistent/openapi.yaml").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("/nonexistent/openapi.yaml: cannot read"),
        "{e}"
    );

    let e = OpenApi::from_text("openapi: 3.0.0\npaths:\n  /a: [\n", "bad.yaml").unwrap_err();
    assert_eq!(e.file, PathBuf::from("bad.yaml"));
    assert!(
        e.line.is_some() && e.message.starts_with("not valid YAML"),
        "{e}"
    );

    let e = OpenApi::from_text("swagger: '2.0'\npaths: {}\n", "old.yaml").unwrap_err();
    assert!(e.message.contains("Swagger 2.0 is not supported"), "{e}");

    let e = OpenApi::from_text("openapi: 4.0.0\npaths: {}\n", "new.yaml").unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (
            Some(1),
            "unsupported OpenAPI version `4.0.0` (expected 3.0.x or 3.1.x)"
        )
    );

    let text = "openapi: 3.0.3\npaths:\n  /a:\n    post:\n      requestBody:\n        $ref: '#/components/requestBodies/Nope'\n";
    let e = OpenApi::from_text(text, "ref.yaml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "ref.yaml:6:9: `$ref: #/components/requestBodies/Nope` does not exist in this document"
    );

    let text = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      parameters:\n        - name: x\n          in: body\n";
    let e = OpenApi::from_text(text, "in.yaml").unwrap_err();
    assert_eq!(e.line, Some(6));
    assert!(
        e.message
            .contains("`in` must be path, query, header or cookie"),
        "{e}"
    );

    let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      parameters:\n        - name: x\n          in: query\n          schema:\n            $ref: '#/components/schemas/Missing'\n";
    let e = OpenApi::from_text(text, "schema.yaml").unwrap_err();
    assert!(e.message.contains("#/components/schemas/Missing"), "{e}");
}
