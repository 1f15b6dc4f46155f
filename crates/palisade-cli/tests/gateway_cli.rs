//! `palisade gateway --check` as a user types it.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const OK: &str = "listen: 127.0.0.1:8443\nroutes:\n  - name: a\n    match: {path_prefix: /}\n    upstream: {endpoints: [\"127.0.0.1:9001\"]}\n";

#[test]
fn check_accepts_a_valid_config() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gw.yaml");
    std::fs::write(&p, format!("audit_log: audit.jsonl\n{OK}")).unwrap();
    Command::cargo_bin("palisade")
        .unwrap()
        .args(["gateway", "--check", "--config"])
        .arg(&p)
        .assert()
        .success()
        .stdout(contains("ok"));
    // A check writes nothing: the audit log is not created.
    assert!(!dir.path().join("audit.jsonl").exists());
}

#[test]
fn check_refuses_a_bad_config_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gw.yaml");
    std::fs::write(&p, OK.replace("upstream:", "upstrem:")).unwrap();
    Command::cargo_bin("palisade")
        .unwrap()
        .args(["gateway", "--check", "--config"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(contains("gw.yaml:5:5: unknown key `upstrem`"));
    // Missing certificate files are configuration errors too.
    std::fs::write(&p, format!("tls: {{cert: nope.crt, key: nope.key}}\n{OK}")).unwrap();
    Command::cargo_bin("palisade")
        .unwrap()
        .args(["gateway", "--check", "--config"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(contains("nope.crt"));
}

#[test]
fn workers_must_be_a_positive_count() {
    for bad in ["0", "-1", "many"] {
        Command::cargo_bin("palisade")
            .unwrap()
            .args(["gateway", "--config", "gw.yaml", "--workers", bad])
            .assert()
            .code(2)
            .stderr(contains("--workers").or(contains("unexpected argument")));
    }
}

/// A keep-alive HTTP/1.1 upstream on 127.0.0.1 (std threads) that answers every request
/// with `upstream saw <path>`.
fn start_upstream() -> std::net::SocketAddr {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { return };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                let mut conn = conn;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let path = line.split(' ').nth(1).unwrap_or("?").to_string();
                    // Skip the headers (the gateway sends GETs without a body here).
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).unwrap_or(0) == 0 {
                            return;
                        }
                        if h == "\r\n" {
                            break;
                        }
                    }
                    let body = format!("upstream saw {path}");
                    let resp = format!(
                        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if conn.write_all(resp.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    addr
}

/// Sends one GET on an open keep-alive connection; returns (status, body).
fn get_on(
    conn: &mut std::io::BufReader<std::net::TcpStream>,
    path: &str,
) -> std::io::Result<(u16, String)> {
    use std::io::{BufRead, Read, Write};
    let req = format!("GET {path} HTTP/1.1\r\nhost: localhost\r\n\r\n");
    conn.get_mut().write_all(req.as_bytes())?;
    let mut status = String::new();
    conn.read_line(&mut status)?;
    let code = status
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut len = 0usize;
    loop {
        let mut h = String::new();
        if conn.read_line(&mut h)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; len];
    conn.read_exact(&mut body)?;
    Ok((code, String::from_utf8_lossy(&body).into_owned()))
}

fn connect(addr: &str) -> std::io::BufReader<std::net::TcpStream> {
    let s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    std::io::BufReader::new(s)
}

/// Kills the gateway when the test ends, pass or fail.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[cfg(unix)]
#[test]
fn sighup_reloads_the_config_and_keeps_open_connections() {
    use std::io::{BufRead, BufReader};
    let up = start_upstream();
    let dir = tempfile::tempdir().unwrap();
    // The config is a symlink into a sub-directory (as Kubernetes mounts ConfigMaps): the
    // gateway watches the link's directory, so editing the target is seen only by SIGHUP.
    let real = dir.path().join("data");
    std::fs::create_dir(&real).unwrap();
    let route = |name: &str, prefix: &str| {
        format!(
            "  - name: {name}\n    match: {{path_prefix: {prefix}}}\n    upstream: {{endpoints: [\"{up}\"]}}\n"
        )
    };
    let v1 = format!("listen: 127.0.0.1:0\nroutes:\n{}", route("old", "/old"));
    std::fs::write(real.join("gw.yaml"), &v1).unwrap();
    let link = dir.path().join("gw.yaml");
    std::os::unix::fs::symlink(real.join("gw.yaml"), &link).unwrap();

    let mut child = Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_palisade"))
            // Three workers on the same address (SO_REUSEPORT): each serves and reloads.
            .args(["gateway", "--workers", "3", "--config"])
            .arg(&link)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let pid = child.0.id().to_string();
    let (lines_tx, lines) = std::sync::mpsc::channel::<String>();
    let stderr = child.0.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { return };
            if lines_tx.send(line).is_err() {
                return;
            }
        }
    });
    let wait_for = |needle: &str| -> String {
        loop {
            match lines.recv_timeout(std::time::Duration::from_secs(30)) {
                Ok(l) if l.contains(needle) => return l,
                Ok(_) => continue,
                Err(e) => panic!("gateway never printed `{needle}`: {e}"),
            }
        }
    };
    let listening = wait_for("listening on ");
    assert!(listening.contains("(3 workers)"), "{listening}");
    let addr = listening
        .split("listening on ")
        .nth(1)
        .unwrap()
        .split([',', ' '])
        .next()
        .unwrap()
        .to_string();

    // A keep-alive connection opened before the reload.
    let mut kept = connect(&addr);
    assert_eq!(
        get_on(&mut kept, "/old/a").unwrap(),
        (200, "upstream saw /old/a".to_string())
    );
    assert_eq!(get_on(&mut connect(&addr), "/new/a").unwrap().0, 404);

    let v2 = format!("{v1}{}", route("new", "/new"));
    std::fs::write(real.join("gw.yaml"), v2).unwrap();
    let hup = std::process::Command::new("kill")
        .args(["-HUP", &pid])
        .status()
        .unwrap();
    assert!(hup.success());
    wait_for("config reloaded (SIGHUP)");

    // The new route works on a new connection, and on the connection opened before.
    assert_eq!(
        get_on(&mut connect(&addr), "/new/b").unwrap(),
        (200, "upstream saw /new/b".to_string())
    );
    assert_eq!(
        get_on(&mut kept, "/new/c").unwrap(),
        (200, "upstream saw /new/c".to_string())
    );
    assert_eq!(get_on(&mut kept, "/old/d").unwrap().0, 200);

    // A bad config on SIGHUP is refused and the running one stays.
    std::fs::write(real.join("gw.yaml"), "listen: [\n").unwrap();
    std::process::Command::new("kill")
        .args(["-HUP", &pid])
        .status()
        .unwrap();
    let refused = wait_for("reload refused");
    assert!(refused.contains("gw.yaml"), "{refused}");
    assert_eq!(get_on(&mut kept, "/new/e").unwrap().0, 200);
}
