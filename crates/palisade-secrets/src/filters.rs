//! Precision filters: what looks like a secret but is a placeholder, an example from
//! documentation, or a template reference; and which paths are test fixtures.

/// Well-known keys from vendors' documentation, published on purpose and never live.
pub const DOCUMENTATION_KEYS: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "AKIAI44QH8DHBEXAMPLE",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "gho_16C7e42F292c6912E7710c838347Ae178B4a",
];

/// Substrings (case-insensitive) that mark a value as a stand-in.
const PLACEHOLDER_MARKERS: &[&str] = &[
    "example",
    "sample",
    "dummy",
    "changeme",
    "change_me",
    "change-me",
    "placeholder",
    "replace_me",
    "replaceme",
    "your_",
    "your ",
    "unique phrase",
    "your-",
    "yourtoken",
    "yourkey",
    "yourpassword",
    "redacted",
    "xxxx",
    "****",
    "....",
    "<",
    ">",
    "${",
    "#{",
    "{{",
    "}}",
    "%(",
    "%s",
    "$(",
    "secret_here",
    "token_here",
    "key_here",
    "password_here",
    "insert",
    "notreal",
    "not_real",
    "not-a-real",
    "fake",
    "12345678",
    "abcdefgh",
];

/// One case-insensitive automaton over the markers: every candidate passes through it.
fn markers() -> &'static aho_corasick::AhoCorasick {
    static AC: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(PLACEHOLDER_MARKERS)
            .expect("placeholder automaton")
    })
}

/// Whole values (case-insensitive) that are words, not secrets.
const PLACEHOLDER_VALUES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "null",
    "none",
    "nil",
    "true",
    "false",
    "undefined",
    "empty",
    "test",
    "testing",
    "admin",
    "root",
    "pass",
    "string",
    "required",
    "optional",
    "default",
    "value",
    "apikey",
    "api_key",
    "todo",
    "tbd",
    "n/a",
];

/// Why a value is not a secret, or `None` when it may be one.
pub fn placeholder_reason(secret: &[u8]) -> Option<&'static str> {
    let trimmed = secret.trim_ascii();
    if trimmed.is_empty() {
        return Some("empty");
    }
    if DOCUMENTATION_KEYS.iter().any(|k| trimmed == k.as_bytes()) {
        return Some("a documentation example key");
    }
    if PLACEHOLDER_VALUES
        .iter()
        .any(|v| trimmed.eq_ignore_ascii_case(v.as_bytes()))
    {
        return Some("a placeholder word");
    }
    if let Some(m) = markers().find(trimmed) {
        let m = PLACEHOLDER_MARKERS[m.pattern().as_usize()];
        return Some(if m.starts_with(['$', '#', '{', '%', '<']) {
            "a template or variable reference"
        } else {
            "a placeholder"
        });
    }
    if trimmed[0] == b'$' {
        return Some("a variable reference");
    }
    if trimmed.len() >= 8 && repeated(trimmed) {
        return Some("repeated characters");
    }
    None
}

/// One character makes up half of the value or more (`aaaaaaaa`, `0000-0000-0000`).
fn repeated(v: &[u8]) -> bool {
    let mut counts = [0usize; 256];
    for b in v {
        counts[*b as usize] += 1;
    }
    counts.iter().max().copied().unwrap_or(0) * 2 >= v.len()
}

/// True when a repository path looks like a test fixture: a `test`, `tests`, `spec`,
/// `fixtures`, `testdata`, `__tests__` or `mocks` directory, or a `_test.go`, `.test.js`,
/// `.spec.ts`, `test_*.py` file. Findings there are reported with lowered confidence.
pub fn is_test_path(path: &str) -> bool {
    const DIRS: &[&str] = &[
        "test",
        "tests",
        "__tests__",
        "spec",
        "specs",
        "fixture",
        "fixtures",
        "testdata",
        "test-data",
        "test_data",
        "__mocks__",
        "mocks",
        "__fixtures__",
    ];
    let mut parts = path.split('/').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_some() {
            // Directories compared without lowercasing a copy (this runs once per file).
            if DIRS.iter().any(|d| part.eq_ignore_ascii_case(d)) {
                return true;
            }
        } else {
            let lower = part.to_ascii_lowercase();
            let stem = lower.split('.').next().unwrap_or("");
            return stem.ends_with("_test")
                || stem.starts_with("test_")
                || lower.contains(".test.")
                || lower.contains(".spec.")
                || lower.contains("_spec.");
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_recognised() {
        for p in [
            "AKIAIOSFODNN7EXAMPLE",
            "xxxxxxxxxxxxxxxx",
            "${DB_PASSWORD}",
            "<token>",
            "changeme",
            "dummy-token-123",
            "aaaaaaaaaaaa",
            "{{ .Values.password }}",
            "$PASSWORD",
            "your_api_key_here",
        ] {
            assert!(placeholder_reason(p.as_bytes()).is_some(), "{p}");
        }
        for s in ["s3cr3t-Pa55", "ghp_R8s2kLq0vX1mN4bT7yZ3wQ9eD5fA6cH2jK0p"] {
            assert_eq!(placeholder_reason(s.as_bytes()), None, "{s}");
        }
    }

    #[test]
    fn test_paths() {
        assert!(is_test_path("src/tests/data.txt"));
        assert!(is_test_path("pkg/auth/auth_test.go"));
        assert!(is_test_path("web/app.spec.ts"));
        assert!(is_test_path("tests/test_login.py"));
        assert!(!is_test_path("src/contest/app.py"));
        assert!(!is_test_path("examples/shop/app.py"));
    }
}
