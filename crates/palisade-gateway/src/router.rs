//! Route selection by host and path prefix, first match wins.

use crate::config::Route;

/// The host a request is for, lower-cased and without port (`Host` header for HTTP/1.1,
/// `:authority` for HTTP/2).
pub fn request_host<'a>(uri: &'a http::Uri, headers: &'a http::HeaderMap) -> Option<&'a str> {
    let raw = uri
        .host()
        .or_else(|| headers.get(http::header::HOST)?.to_str().ok())?;
    Some(strip_port(raw))
}

fn strip_port(h: &str) -> &str {
    if h.starts_with('[') {
        return h.split(']').next().map_or(h, |s| &h[..s.len() + 1]);
    }
    h.rsplit_once(':').map_or(h, |(host, _)| host)
}

/// Whether `path` is under `prefix` on a segment boundary (`/orders` matches `/orders`,
/// `/orders/1` and `/orders?x`, not `/ordersX`).
pub fn prefix_matches(prefix: &str, path: &str) -> bool {
    if prefix == "/" {
        return true;
    }
    let prefix = prefix.trim_end_matches('/');
    match path.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('/'),
        None => false,
    }
}

/// Index of the first route matching host and path.
pub fn select<'a>(
    mut routes: impl Iterator<Item = &'a Route>,
    host: Option<&str>,
    path: &str,
) -> Option<usize> {
    routes.position(|r| {
        let host_ok = match (&r.host, host) {
            (None, _) => true,
            (Some(want), Some(h)) => want.eq_ignore_ascii_case(h),
            (Some(_), None) => false,
        };
        host_ok && prefix_matches(&r.path_prefix, path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_on_segments() {
        assert!(prefix_matches("/orders", "/orders"));
        assert!(prefix_matches("/orders", "/orders/1"));
        assert!(prefix_matches("/orders/", "/orders/1"));
        assert!(!prefix_matches("/orders", "/ordersX"));
        assert!(prefix_matches("/", "/anything"));
    }

    #[test]
    fn ports_are_stripped() {
        assert_eq!(strip_port("api.example:8443"), "api.example");
        assert_eq!(strip_port("[::1]:8443"), "[::1]");
        assert_eq!(strip_port("api.example"), "api.example");
    }
}
