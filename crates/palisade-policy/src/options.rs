//! What a caller chooses when loading policies.

/// Loading options, mirroring Conftest's flags.
#[derive(Clone, Debug)]
pub struct PolicyOptions {
    /// Rego packages whose `deny`/`violation`/`warn` rules run (Conftest `--namespace`);
    /// empty means `main`, Conftest's default.
    pub namespaces: Vec<String>,
    /// Run the rules of every package found (Conftest `--all-namespaces`).
    pub all_namespaces: bool,
}

impl Default for PolicyOptions {
    fn default() -> Self {
        PolicyOptions {
            namespaces: vec!["main".to_string()],
            all_namespaces: false,
        }
    }
}

impl PolicyOptions {
    /// Whether the rules of `package` (without the `data.` prefix) run.
    pub fn selects(&self, package: &str) -> bool {
        self.all_namespaces
            || if self.namespaces.is_empty() {
                package == "main"
            } else {
                self.namespaces.iter().any(|n| n == package)
            }
    }
}
