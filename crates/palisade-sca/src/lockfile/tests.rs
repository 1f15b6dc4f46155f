use std::path::Path;

use super::*;

fn names(p: &[Package]) -> Vec<String> {
    p.iter()
        .map(|p| {
            format!(
                "{}@{}:{}{}",
                p.name,
                p.version,
                p.line,
                match p.direct {
                    Some(true) => " direct",
                    Some(false) => "",
                    None => " ?",
                }
            )
        })
        .collect()
}

fn run(format: Format, text: &str) -> Vec<String> {
    names(&parse(format, Path::new("x"), text.as_bytes()).unwrap())
}

#[test]
fn cargo_lock_roots_make_direct_dependencies() {
    let text = r#"version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "serde",
]

[[package]]
name = "serde"
version = "1.0.100"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["serde_derive"]

[[package]]
name = "serde_derive"
version = "1.0.100"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;
    assert_eq!(
        run(Format::CargoLock, text),
        ["serde@1.0.100:10 direct", "serde_derive@1.0.100:16"]
    );
}

#[test]
fn package_lock_v2_lines_direct_aliases_and_links() {
    let text = r#"{
  "lockfileVersion": 2,
  "packages": {
    "": { "dependencies": { "a": "^1.0.0", "alias": "npm:b@^2" } },
    "node_modules/a": { "version": "1.0.0" },
    "node_modules/alias": { "name": "b", "version": "2.1.0" },
    "node_modules/a/node_modules/c": { "version": "3.0.0" },
    "node_modules/ws": { "link": true, "resolved": "packages/ws" }
  }
}"#;
    assert_eq!(
        run(Format::PackageLock, text),
        ["a@1.0.0:5 direct", "b@2.1.0:6 direct", "c@3.0.0:7"]
    );
}

#[test]
fn truncated_json_is_an_error_with_a_line() {
    let e = parse(
        Format::PackageLock,
        Path::new("x"),
        b"{\n  \"packages\": {\n    \"node_modules/a\": {",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("invalid JSON"), "{e}");
}

#[test]
fn yarn_v1_and_berry() {
    let v1 = "# yarn lockfile v1\n\n\"@babel/core@^7.0.0\", \"@babel/core@^7.1.0\":\n  version \"7.1.2\"\n  resolved \"https://registry.yarnpkg.com/x\"\n  dependencies:\n    lodash \"^4\"\n\nlocal@file:../local:\n  version \"1.0.0\"\n";
    assert_eq!(run(Format::YarnLock, v1), ["@babel/core@7.1.2:3 ?"]);
    let berry = "__metadata:\n  version: 6\n\n\"lodash@npm:^4.17.0\":\n  version: 4.17.21\n  resolution: \"lodash@npm:4.17.21\"\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n";
    assert_eq!(run(Format::YarnLock, berry), ["lodash@4.17.21:4 ?"]);
}

#[test]
fn requirements_includes_hashes_and_continuations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("base.txt"),
        "six==1.16.0\n-r requirements.txt\n",
    )
    .unwrap();
    let main = dir.path().join("requirements.txt");
    let text = "# pinned\n-r base.txt\nflask==2.0.0 \\\n    --hash=sha256:abc\nrequests>=2\nDjango==4.2.1 ; python_version >= \"3.8\"  # web\n";
    std::fs::write(&main, text).unwrap();
    let pkgs = parse_file(Format::Requirements, &main).unwrap();
    assert_eq!(
        names(&pkgs),
        ["six@1.16.0:1 ?", "flask@2.0.0:3 ?", "Django@4.2.1:6 ?"]
    );
    assert_eq!(
        pkgs[0].file.as_deref(),
        Some(dir.path().join("base.txt").as_path())
    );
    assert_eq!(pkgs[1].file, None);
}

#[test]
fn go_mod_indirect_and_replace() {
    let text = "module example.com/app\n\ngo 1.21\n\nrequire (\n\tgolang.org/x/net v0.1.0\n\tgithub.com/a/b v1.2.3 // indirect\n\tgithub.com/local/x v0.0.1\n)\n\nrequire github.com/c/d v2.0.0+incompatible\n\nreplace github.com/a/b => github.com/fork/b v1.2.4\nreplace github.com/local/x => ../x\n";
    assert_eq!(
        run(Format::GoMod, text),
        [
            "golang.org/x/net@v0.1.0:6 direct",
            "github.com/fork/b@v1.2.4:7",
            "github.com/c/d@v2.0.0+incompatible:11 direct"
        ]
    );
    let e = parse(
        Format::GoMod,
        Path::new("x"),
        b"module a\nrequire (\n\tb v1.0.0\n",
    )
    .unwrap_err();
    assert!(e.line.is_some());
}

#[test]
fn gemfile_lock_direct_platforms_and_git() {
    let text = "GIT\n  remote: https://example.invalid/x.git\n  specs:\n    x (0.1.0)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.13.6-x86_64-linux)\n      racc (~> 1.4)\n    racc (1.6.0)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  nokogiri\n  x!\n";
    assert_eq!(
        run(Format::GemfileLock, text),
        ["nokogiri@1.13.6:9 direct", "racc@1.6.0:11"]
    );
}

#[test]
fn pom_properties_and_dependency_management() {
    let text = r#"<project>
  <properties><log4j.version>2.14.1</log4j.version></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.x</groupId><artifactId>managed</artifactId><version>1.2</version></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>${log4j.version}</version>
    </dependency>
    <dependency><groupId>org.x</groupId><artifactId>managed</artifactId></dependency>
    <dependency><groupId>org.y</groupId><artifactId>unresolved</artifactId><version>${nope}</version></dependency>
  </dependencies>
</project>"#;
    assert_eq!(
        run(Format::PomXml, text),
        [
            "org.apache.logging.log4j:log4j-core@2.14.1:7 direct",
            "org.x:managed@1.2:12 direct"
        ]
    );
}

#[test]
fn detect_by_file_name() {
    assert_eq!(
        Format::detect(Path::new("a/requirements-dev.txt")),
        Some(Format::Requirements)
    );
    assert_eq!(
        Format::detect(Path::new("npm-shrinkwrap.json")),
        Some(Format::PackageLock)
    );
    assert_eq!(Format::detect(Path::new("package.json")), None);
}

/// A hostile repository's `-r /dev/zero` must not hang or exhaust memory.
#[cfg(unix)]
#[test]
fn requirements_include_of_a_device_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("requirements.txt");
    std::fs::write(&main, "six==1.16.0\n-r /dev/zero\n").unwrap();
    let e = parse_file(Format::Requirements, &main).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("not a regular file"), "{e}");
}
