//! Request hygiene: framing, size, method, content type and path checks done before any
//! other work, so a malformed request never reaches authentication, let alone an upstream.

use http::header::{CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use http::request::Parts;

use crate::config::Limits;
use crate::decision::{Deny, Reason};

/// Ambiguous framing is the root of request smuggling: refuse it outright (RFC 9112 §6.3
/// allows a proxy to process such a message, but forwarding it is how desync starts).
pub fn check_framing(parts: &Parts) -> Result<(), Deny> {
    let h = &parts.headers;
    let mut cls = h.get_all(CONTENT_LENGTH).iter();
    let first_cl = cls.next();
    if cls.next().is_some() {
        return Err(Deny::with(Reason::Smuggling, "duplicate content-length"));
    }
    if let Some(cl) = first_cl {
        let ok = cl
            .to_str()
            .ok()
            .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return Err(Deny::with(Reason::Smuggling, "invalid content-length"));
        }
    }
    let mut tes = h.get_all(TRANSFER_ENCODING).iter();
    if let Some(te) = tes.next() {
        if first_cl.is_some() {
            return Err(Deny::with(
                Reason::Smuggling,
                "both content-length and transfer-encoding",
            ));
        }
        if tes.next().is_some() || !te.as_bytes().eq_ignore_ascii_case(b"chunked") {
            return Err(Deny::with(
                Reason::Smuggling,
                "transfer-encoding other than chunked",
            ));
        }
    }
    Ok(())
}

/// Size of the request line and headers as they were sent (approximately: names, values
/// and separators).
pub fn header_bytes(parts: &Parts) -> usize {
    let line = parts.method.as_str().len()
        + parts.uri.path_and_query().map_or(1, |p| p.as_str().len())
        + 12;
    parts
        .headers
        .iter()
        .fold(line, |n, (k, v)| n + k.as_str().len() + v.len() + 4)
}

/// Method, content type and declared size against the route's limits.
pub fn check_limits(parts: &Parts, limits: &Limits) -> Result<(), Deny> {
    if header_bytes(parts) > limits.max_header_bytes {
        return Err(Reason::HeadersTooLarge.into());
    }
    if !limits.methods.is_empty() && !limits.methods.contains(&parts.method) {
        return Err(Deny::with(Reason::MethodNotAllowed, parts.method.as_str()));
    }
    if let Some(cl) = parts.headers.get(CONTENT_LENGTH) {
        let n: u64 = cl
            .to_str()
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(u64::MAX);
        if n > limits.max_body_bytes {
            return Err(Reason::BodyTooLarge.into());
        }
    }
    if !limits.content_types.is_empty() && has_body(parts) {
        let ct = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            });
        match ct {
            Some(ct) if limits.content_types.contains(&ct) => {}
            _ => return Err(Reason::UnsupportedMediaType.into()),
        }
    }
    Ok(())
}

/// Whether the request declares a body.
pub fn has_body(parts: &Parts) -> bool {
    parts.headers.contains_key(TRANSFER_ENCODING)
        || parts
            .headers
            .get(CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0")
}

/// Refuses paths a backend might resolve differently from our router: `.`/`..` segments
/// (also percent-encoded), encoded separators, double encoding, backslashes and control
/// bytes. Rejecting is safer than normalising: the upstream sees exactly what we routed.
pub fn check_path(path: &str) -> Result<(), Deny> {
    let bytes = path.as_bytes();
    if bytes.first() != Some(&b'/') {
        return Err(Deny::with(Reason::BadPath, "not an absolute path"));
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' || b < 0x20 || b == 0x7f {
            return Err(Deny::with(Reason::BadPath, "backslash or control byte"));
        }
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) else {
                return Err(Deny::with(Reason::BadPath, "malformed percent-encoding"));
            };
            match v {
                b'%' => return Err(Deny::with(Reason::BadPath, "double encoding")),
                b'/' | b'\\' => return Err(Deny::with(Reason::BadPath, "encoded separator")),
                b'.' => return Err(Deny::with(Reason::BadPath, "encoded dot")),
                0..=0x1f | 0x7f => return Err(Deny::with(Reason::BadPath, "encoded control byte")),
                _ => {}
            }
            i += 3;
            continue;
        }
        i += 1;
    }
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return Err(Deny::with(Reason::BadPath, "dot segment"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(headers: &[(&str, &str)]) -> Parts {
        let mut b = http::Request::builder().method("POST").uri("/x");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(()).unwrap().into_parts().0
    }

    #[test]
    fn framing_conflicts_are_smuggling() {
        assert!(check_framing(&parts(&[("content-length", "5")])).is_ok());
        assert!(check_framing(&parts(&[("transfer-encoding", "chunked")])).is_ok());
        for bad in [
            vec![("content-length", "5"), ("transfer-encoding", "chunked")],
            vec![("content-length", "5"), ("content-length", "6")],
            vec![("content-length", "5"), ("content-length", "5")],
            vec![("content-length", "+5")],
            vec![("transfer-encoding", "chunked, identity")],
            vec![
                ("transfer-encoding", "chunked"),
                ("transfer-encoding", "chunked"),
            ],
        ] {
            let d = check_framing(&parts(&bad)).unwrap_err();
            assert_eq!(d.reason, Reason::Smuggling, "{bad:?}");
        }
    }

    #[test]
    fn paths() {
        for ok in ["/", "/orders/1", "/a%20b", "/a.b/c..d", "/q?x=../"] {
            assert!(check_path(ok.split('?').next().unwrap()).is_ok(), "{ok}");
        }
        for bad in [
            "/a/../b",
            "/..",
            "/a/./b",
            "/a%2e%2e/b",
            "/%2E%2E/etc",
            "/a%2fb",
            "/a%252e",
            "/a\\b",
            "/a%00",
            "/a%zz",
            "/a%2",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits() {
        let l = Limits {
            methods: vec![http::Method::GET, http::Method::POST],
            content_types: vec!["application/json".into()],
            max_body_bytes: 10,
            ..Limits::default()
        };
        let ok = parts(&[
            ("content-type", "application/json; charset=utf-8"),
            ("content-length", "3"),
        ]);
        assert!(check_limits(&ok, &l).is_ok());
        let big = parts(&[
            ("content-type", "application/json"),
            ("content-length", "11"),
        ]);
        assert_eq!(
            check_limits(&big, &l).unwrap_err().reason,
            Reason::BodyTooLarge
        );
        let ct = parts(&[("content-type", "text/xml"), ("content-length", "3")]);
        assert_eq!(
            check_limits(&ct, &l).unwrap_err().reason,
            Reason::UnsupportedMediaType
        );
    }
}
