//! Inspection throughput on what an API gateway sees most: a ~2 KB JSON body and a typical
//! query string. Criterion prints the throughput (MiB/s) next to the time per call; the
//! gateway must keep nginx's pace, so this is the number to watch.
//!
//! `cargo bench -p palisade-waf --bench inspect`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use palisade_waf::{normalize_path, Inspector, Location, OpenApi};

fn json_body() -> Vec<u8> {
    let item = r#"{"sku":"SKU-12345-XL","qty":2,"price":19.99,"note":"gift wrap, please - it's for my mom's birthday"}"#;
    let items: Vec<&str> = std::iter::repeat_n(item, 12).collect();
    format!(
        r#"{{"customerId":"c-5521","items":[{}],"shipping":{{"name":"Siobhán O'Sullivan","street":"12 Rue de l'Église","city":"Montréal","postcode":"H2X 1Y4","country":"CA","instructions":"Leave at the door; ring twice. If nobody's home, try the neighbour (#4)."}},"coupon":"SPRING-25","metadata":{{"source":"mobile-app/3.4.1 (iOS 17.2)","ab":["checkout-v2","one-click"]}}}}"#,
        items.join(",")
    )
    .into_bytes()
}

const QUERY: &str = "q=noise+cancelling+headphones&brand=Sony&brand=Bose&price_min=50&price_max=300&sort=price&order=asc&page=2&utm_source=newsletter&utm_campaign=spring%2B2024";

fn bench(c: &mut Criterion) {
    let inspector = Inspector::default();
    let body = json_body();
    let mut group = c.benchmark_group("inspect");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function(format!("json_body_{}B", body.len()), |b| {
        b.iter(|| black_box(inspector.inspect_body(Some("application/json"), black_box(&body))))
    });
    group.throughput(Throughput::Bytes(QUERY.len() as u64));
    group.bench_function(format!("query_{}B", QUERY.len()), |b| {
        b.iter(|| black_box(inspector.inspect_query(black_box(QUERY))))
    });
    let attack = "name=x%27+or+%271%27%3D%271&q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E";
    group.throughput(Throughput::Bytes(attack.len() as u64));
    group.bench_function("query_attack", |b| {
        b.iter(|| black_box(inspector.inspect_query(black_box(attack))))
    });
    let prose = "It's either 'yes' or 'no' -- O'Brien said; select the right answer (1-2 items) <3";
    group.throughput(Throughput::Bytes(prose.len() as u64));
    group.bench_function("value_prose", |b| {
        b.iter(|| black_box(inspector.inspect_value(Location::Body, black_box(prose))))
    });
    group.finish();

    let path = "/api/v1//orders/./12345/items/%41bc?x=1";
    c.bench_function("normalize_path", |b| {
        b.iter(|| black_box(normalize_path(black_box(path))))
    });

    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/shop/api/openapi.yaml");
    if let Ok(api) = OpenApi::load(spec) {
        let order = br#"{"customerId":"c-1","items":[{"sku":"TEA-1","qty":2}],"shipping":{"name":"A","street":"B","city":"C","country":"IE"}}"#;
        c.bench_function("openapi_validate_post_order", |b| {
            b.iter(|| {
                black_box(api.validate(
                    &http::Method::POST,
                    "/orders",
                    None,
                    Some("application/json"),
                    black_box(order),
                ))
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
