//! `palisade secrets` and the secret part of `palisade scan`, as a user types them.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

/// A GitHub token with a valid checksum (random part + base62 CRC32), built at run time so
/// no token-shaped literal sits in this file.
fn github_token() -> String {
    github_token_from("Xq7LmZ2pR9vT4sW8yB3nC6kD1fG5hJ")
}

fn github_token_from(random: &str) -> String {
    let crc = crc32(random.as_bytes());
    let mut n = u64::from(crc);
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut check = Vec::new();
    while n > 0 {
        check.push(alphabet[(n % 62) as usize]);
        n /= 62;
    }
    while check.len() < 6 {
        check.push(b'0');
    }
    check.reverse();
    format!("ghp_{random}{}", String::from_utf8(check).unwrap())
}

fn crc32(b: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in b {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn palisade() -> Command {
    let mut cmd = Command::cargo_bin("palisade").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

fn json(cmd: &mut Command) -> (i32, Value, String) {
    let out = cmd.args(["--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (
        out.status.code().unwrap(),
        v,
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `palisade secrets FLAGS DIR --no-config`, its JSON report.
fn secrets_json(dir: &Path, flags: &[&str]) -> (i32, Value, String) {
    json(
        palisade()
            .arg("secrets")
            .args(flags)
            .arg(dir)
            .arg("--no-config"),
    )
}

fn rules(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// The demo repository plants a DB password in a Dockerfile ENV, an AWS secret key in
/// app.py and a postgres URL with password in a manifest: all three must be found.
#[test]
fn finds_the_secrets_planted_in_the_demo_repository() {
    let shop = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shop");
    let (code, v, _) = json(palisade().arg("secrets").arg(&shop));
    assert_eq!(code, 1);
    let found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["location"]["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (rule, file) in [
        ("SEC290", "services/orders/Dockerfile"),
        ("SEC002", "services/orders/app.py"),
        ("SEC250", "k8s/orders.yaml"),
        ("SEC273", "k8s/postgres.yaml"),
    ] {
        assert!(
            found.iter().any(|(r, p)| r == rule && p.ends_with(file)),
            "{rule} in {file} not found: {found:?}"
        );
    }
    assert!(v["warnings"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn evidence_is_redacted_unless_no_redact_is_given() {
    let token = github_token();
    let dir = tree(&[("deploy.sh", &format!("export GITHUB_TOKEN={token}\n"))]);
    let (code, v, raw) = json(palisade().arg("secrets").arg(dir.path()));
    assert_eq!(code, 1);
    assert_eq!(rules(&v), ["SEC030"]);
    assert!(!raw.contains(&token), "the token leaked: {raw}");
    let ev = v["findings"][0]["evidence"].as_str().unwrap();
    assert!(ev.contains("sha256:"), "{ev}");
    for format in ["table", "sarif", "junit"] {
        let out = palisade()
            .arg("secrets")
            .arg(dir.path())
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(&token),
            "{format} leaked the token"
        );
    }
    let (_, _, raw) = json(palisade().arg("secrets").arg(dir.path()).arg("--no-redact"));
    assert!(raw.contains(&token), "--no-redact shows the secret");
}

#[test]
fn scan_includes_secrets_and_no_secrets_turns_them_off() {
    let token = github_token();
    let dir = tree(&[("ci/deploy.sh", &format!("TOKEN={token}\n"))]);
    let (code, v, _) = json(palisade().arg("scan").arg(dir.path()));
    assert_eq!(code, 1);
    assert_eq!(rules(&v), ["SEC030"]);
    let (code, v, _) = json(palisade().arg("scan").arg(dir.path()).arg("--no-secrets"));
    assert_eq!(code, 0);
    assert!(rules(&v).is_empty());
    let (_, v, _) = json(
        palisade()
            .arg("scan")
            .arg(dir.path())
            .args(["--disable", "secrets"]),
    );
    assert!(rules(&v).is_empty(), "the family can be disabled");
}

#[test]
fn clean_trees_exit_0_and_fail_on_decides_the_code() {
    let dir = tree(&[(
        "src/main.py",
        "print('hello')\npassword = os.environ['PW']\n",
    )]);
    palisade().arg("secrets").arg(dir.path()).assert().code(0);
    let token = github_token();
    let dir = tree(&[("a.txt", &token)]);
    palisade()
        .arg("secrets")
        .arg(dir.path())
        .args(["--fail-on", "never"])
        .assert()
        .code(0);
    palisade()
        .arg("secrets")
        .arg(dir.path())
        .args(["--fail-on", "critical"])
        .assert()
        .code(1);
    palisade()
        .arg("secrets")
        .arg(dir.path())
        .args(["--fail-on", "sometimes"])
        .assert()
        .code(2);
}

#[test]
fn stdin_is_scanned_with_dash() {
    let token = github_token();
    let out = palisade()
        .args(["secrets", "-", "--format", "json"])
        .write_stdin(format!("curl -H 'Authorization: token {token}'\n"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules(&v), ["SEC030"]);
    assert_eq!(v["findings"][0]["location"]["path"], "-");
}

#[test]
fn skipped_files_are_counted_on_stderr() {
    let dir = tree(&[("logo.png", "ghp_"), ("bundle.min.js", "x")]);
    palisade()
        .arg("secrets")
        .arg(dir.path())
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("skipped 1 image").and(predicate::str::contains("1 minified")),
        );
}

#[test]
fn config_ignores_secrets_by_id_and_path() {
    let token = github_token();
    let dir = tree(&[
        ("tests/data/a.txt", &token),
        ("src/b.txt", &token),
        (
            ".palisade.yaml",
            "version: 1\nignore:\n  - rule: SEC030\n    path: '**/tests/**'\n    reason: fixture tokens, revoked\n  - rule: K8S001\n    reason: shared config\n",
        ),
    ]);
    let (_, v, _) = json(palisade().arg("secrets").arg(dir.path()));
    let paths: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("src/b.txt"));
    assert_eq!(v["summary"]["suppressed"], 1, "{}", v["summary"]);
    assert!(
        v["warnings"].as_array().unwrap().is_empty(),
        "an ignore of a rule that does not run here is not 'unused': {}",
        v["warnings"]
    );
}

/// Baselines key on the fingerprint: rule origin id, repository path and a hash of the
/// secret — so a secret that moves lines stays accepted, and a rotated one is new.
#[test]
fn baselines_survive_line_moves_and_catch_rotation() {
    let token = github_token();
    let dir = tree(&[("app.cfg", &format!("token = {token}\n"))]);
    let base = dir.path().join("baseline.json");
    palisade()
        .arg("secrets")
        .arg(dir.path().join("app.cfg"))
        .arg("--write-baseline")
        .arg(&base)
        .assert()
        .code(1);
    fs::write(
        dir.path().join("app.cfg"),
        format!("# moved\n\n\ntoken = {token}\n"),
    )
    .unwrap();
    palisade()
        .arg("secrets")
        .arg(dir.path().join("app.cfg"))
        .arg("--baseline")
        .arg(&base)
        .assert()
        .code(0);
    let rotated = github_token_from("Pw4NcX8vB2mQ7rT1yK5sL9dF3gH6jZ");
    fs::write(dir.path().join("app.cfg"), format!("token = {rotated}\n")).unwrap();
    palisade()
        .arg("secrets")
        .arg(dir.path().join("app.cfg"))
        .arg("--baseline")
        .arg(&base)
        .assert()
        .code(1);
}

#[test]
fn rules_and_explain_list_secret_detectors() {
    let out = palisade()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let secrets = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["family"] == "secrets")
        .count();
    assert!(secrets >= 120, "{secrets} secret detectors listed");
    palisade()
        .args(["explain", "sec030"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("github-personal-access-token")
                .and(predicate::str::contains("## How to fix")),
        );
}

#[test]
fn help_documents_the_secrets_flags() {
    let out = palisade().args(["secrets", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--format",
        "--output",
        "--fail-on",
        "--no-redact",
        "--baseline",
        "--max-file-size",
        "--no-ignore",
        "Exit codes",
    ] {
        assert!(help.contains(flag), "secrets --help lacks {flag}");
    }
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    for text in ["palisade secrets", "--no-redact", "--no-secrets"] {
        assert!(readme.contains(text), "README lacks {text}");
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Bob")
        .env("GIT_AUTHOR_EMAIL", "bob@shop.test")
        .env("GIT_COMMITTER_NAME", "Bob")
        .env("GIT_COMMITTER_EMAIL", "bob@shop.test")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--git` finds a secret that only the history still holds; `--staged` finds one that is
/// staged but not committed yet.
#[test]
fn git_history_and_staged() {
    let token = github_token();
    let dir = tree(&[("app.py", &format!("T = '{token}'\n"))]);
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "add"]);
    fs::write(dir.path().join("app.py"), "T = os.environ['T']\n").unwrap();
    git(dir.path(), &["commit", "-q", "-am", "remove"]);
    let (code, v, _) = json(palisade().arg("secrets").arg(dir.path()).arg("--no-config"));
    assert_eq!((code, rules(&v).len()), (0, 0), "the working tree is clean");
    let (code, v, _) = secrets_json(dir.path(), &["--git"]);
    assert_eq!(code, 1);
    assert_eq!(rules(&v), ["SEC030"]);
    assert_eq!(v["findings"][0]["location"]["object"]["kind"], "Commit");
    assert!(v["findings"][0]["title"]
        .as_str()
        .unwrap()
        .contains("by Bob"));

    let staged = github_token_from("Pw4NcX8vB2mQ7rT1yK5sL9dF3gH6jZ");
    fs::write(dir.path().join("new.cfg"), format!("token={staged}\n")).unwrap();
    git(dir.path(), &["add", "new.cfg"]);
    let (code, v, _) = secrets_json(dir.path(), &["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(v["findings"][0]["location"]["path"], "new.cfg");
    palisade()
        .args(["secrets", "--git", "--staged"])
        .assert()
        .code(2);

    // --range: the last commit alone brings no secret; the first one does.
    let range = |r: &str| secrets_json(dir.path(), &["--git", "--range", r]);
    let (code, v, _) = range("HEAD~1..HEAD");
    assert_eq!((code, rules(&v).len()), (0, 0));
    let (code, v, _) = range("HEAD~1");
    assert_eq!((code, rules(&v)), (1, vec!["SEC030".to_string()]));
    let (code, v, _) = range("nope..HEAD");
    assert_eq!(code, 1);
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("cannot resolve `nope`"));
    // --range needs --git.
    palisade()
        .args(["secrets", "--range", "HEAD"])
        .assert()
        .code(2);
}

/// A damaged repository: the damaged object is an error naming its id, path and reason
/// (in the report and in the text output), the secret in the intact history is still a
/// finding, and the exit code says something is wrong. `--staged` with a damaged
/// `.git/index` names the file.
#[test]
fn git_history_of_a_damaged_repository() {
    let token = github_token();
    let dir = tree(&[("app.py", &format!("T = '{token}'\n"))]);
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "add"]);
    fs::write(
        dir.path().join("data.txt"),
        "some data that will be lost\n".repeat(50),
    )
    .unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "data"]);
    let out = std::process::Command::new("git")
        .args(["rev-parse", "HEAD:data.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let object = dir
        .path()
        .join(".git/objects")
        .join(&id[..2])
        .join(&id[2..]);
    let mut perms = fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&object, perms).unwrap();
    let bytes = fs::read(&object).unwrap();
    fs::write(&object, &bytes[..bytes.len() / 2]).unwrap();

    let (code, v, _) = secrets_json(dir.path(), &["--git"]);
    assert_eq!(code, 1);
    assert_eq!(rules(&v), ["SEC030"]);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(
        message.contains(&id) && message.contains("data.txt"),
        "{message}"
    );
    palisade()
        .args(["secrets", "--git", "--no-config"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(&id));

    fs::write(dir.path().join("new.cfg"), "x = 1\n").unwrap();
    git(dir.path(), &["add", "new.cfg"]);
    let index = dir.path().join(".git/index");
    let mut bytes = fs::read(&index).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(&index, bytes).unwrap();
    let (code, v, _) = secrets_json(dir.path(), &["--staged"]);
    assert_eq!(code, 1);
    let message = v["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("cannot be read"), "{message}");
    assert!(v["errors"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with(".git/index"));
}

/// A team's gitleaks rules and allowlists run beside the built-in detectors.
#[test]
fn gitleaks_config_rules_and_allowlists() {
    let dir = tree(&[
        (
            "gitleaks.toml",
            "[[rules]]\nid = \"shop-token\"\ndescription = \"Shop internal token\"\nregex = '''shop_live_([a-z0-9]{32})'''\nkeywords = [\"shop_live_\"]\n\n[allowlist]\npaths = ['''(^|/)vendor/''']\n",
        ),
        ("src/a.py", "T = 'shop_live_9f2k4m7q1x8z3c6v0b5n2m8k4j7h1g3d'\n"),
        ("vendor/b.py", "T = 'shop_live_9f2k4m7q1x8z3c6v0b5n2m8k4j7h1g3d'\n"),
    ]);
    let (code, v, _) = json(
        palisade()
            .arg("secrets")
            .arg(dir.path().join("src"))
            .arg(dir.path().join("vendor"))
            .arg("--gitleaks-config")
            .arg(dir.path().join("gitleaks.toml")),
    );
    assert_eq!(code, 1);
    assert_eq!(rules(&v), ["shop-token"]);
    palisade()
        .arg("secrets")
        .arg(dir.path().join("src"))
        .arg("--gitleaks-config")
        .arg(dir.path().join("missing.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml"));
}

/// The `secrets:` section of `.palisade.yaml`: path globs, regexes and stopwords keep
/// matches out of every secret report (`secrets` and `scan`); a bad pattern names its line.
#[test]
fn config_secrets_allowlist_by_path_regex_and_stopword() {
    let token = github_token();
    let other = github_token_from("Zq9Wv3Lk8Rt2Yp6Nb4Mc7Xs1Hd5Fg0");
    let third = github_token_from("Pp1Qq2Rr3Ss4Tt5Uu6Vv7Ww8Xx9Yy0");
    let dir = tree(&[
        ("vendor/lib/a.txt", &token),
        ("src/b.txt", &other),
        ("src/c.txt", &third),
        ("src/d.txt", &token),
    ]);
    let count = |dir: &Path| {
        let (_, v, _) = json(palisade().arg("secrets").arg(dir));
        v["findings"].as_array().unwrap().len()
    };
    assert_eq!(count(dir.path()), 4);
    let tail = &other[other.len() - 6..];
    let cfg = format!(
        "version: 1\nsecrets:\n  allow_paths: ['vendor/**']\n  allow_regexes: ['{tail}$']\n  stopwords: ['{}']\n",
        &third[10..18]
    );
    fs::write(dir.path().join(".palisade.yaml"), cfg).unwrap();
    assert_eq!(count(dir.path()), 1, "only src/d.txt is left");
    let (_, v, _) = json(palisade().arg("scan").arg(dir.path()));
    let secret_paths: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(secret_paths.len(), 1, "{secret_paths:?}");
    assert!(secret_paths[0].ends_with("src/d.txt"));

    fs::write(
        dir.path().join(".palisade.yaml"),
        "secrets:\n  allow_regexes: ['(unclosed']\n",
    )
    .unwrap();
    palisade()
        .arg("secrets")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(".palisade.yaml:2:")
                .and(predicate::str::contains("invalid regex")),
        );
    fs::write(
        dir.path().join(".palisade.yaml"),
        "secrets:\n  allowlist: []\n",
    )
    .unwrap();
    palisade()
        .arg("secrets")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "expected one of: allow_paths, allow_regexes, stopwords",
        ));
}

/// `palisade scan -` reads stdin once and gives the same bytes to the manifest rules and to
/// secret detection (`kubectl get secret -o yaml | palisade scan -`).
#[test]
fn scan_of_stdin_finds_manifest_problems_and_secrets() {
    let token = github_token();
    let manifest = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n    - name: c\n      image: x:1\n      securityContext: {{privileged: true}}\n      args: [\"--token={token}\"]\n"
    );
    let (code, v, _) = json(palisade().args(["scan", "-"]).write_stdin(manifest));
    assert_eq!(code, 1);
    let found = rules(&v);
    assert!(found.iter().any(|r| r == "K8S001"), "{found:?}");
    assert!(found.iter().any(|r| r.starts_with("SEC")), "{found:?}");
}
