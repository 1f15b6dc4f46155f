//! Every flag is defined once, here; `--help` and the README reference come from it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Secure microservices on Kubernetes: scan manifests for Pod Security Standards
/// violations, risky workloads, RBAC and network segmentation gaps.
#[derive(Parser, Debug)]
#[command(name = "palisade", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXIT_CODES: &str = "Exit codes: 0 clean; 1 findings at or above --fail-on (or unreadable inputs); 2 usage or configuration error; 3 internal error.";

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan Kubernetes manifests (files, directories, or `-` for stdin), and every file of
    /// the walked paths for hard-coded secrets.
    #[command(after_help = EXIT_CODES)]
    Scan(Box<ScanArgs>),
    /// Scan files and directories (or `-` for stdin) for hard-coded secrets only.
    #[command(after_help = EXIT_CODES)]
    Secrets(Box<SecretsArgs>),
    /// List every built-in rule.
    Rules(RulesArgs),
    /// Print the documentation of one rule.
    Explain(ExplainArgs),
    /// Manage the offline vulnerability database (OSV advisories) that `scan` matches
    /// lockfiles against.
    #[command(subcommand)]
    Db(DbCommand),
    /// Run the zero-trust API gateway (TLS/mTLS, JWT/API keys, rate limits, WAF, audit)
    /// from a YAML config; reloads on SIGHUP and when the file changes.
    Gateway(GatewayArgs),
    /// Kubernetes admission webhook: serve it, make its certificates, print its manifests.
    #[command(subcommand)]
    Admission(AdmissionCommand),
    /// Rego policies (Conftest conventions, Gatekeeper templates): run their tests, or
    /// evaluate one input for debugging.
    #[command(subcommand)]
    Policy(PolicyCommand),
}

/// `palisade policy ...`.
#[derive(Subcommand, Debug)]
pub enum PolicyCommand {
    /// Run every `test_*` rule of the .rego files under DIR (like `opa test`): PASS/FAIL
    /// per test, a summary; exit 1 on any failure or error, 2 when a policy does not
    /// compile.
    Test(PolicyTestArgs),
    /// Evaluate one input (YAML or JSON) against the policies and print the JSON result:
    /// QUERY (e.g. `data.main.deny`), or every Conftest rule of the selected namespaces and
    /// every Gatekeeper Constraint that selects the input.
    Eval(PolicyEvalArgs),
}

/// Where Rego policies come from: one definition for `scan`, `explain` and `policy eval`.
#[derive(Args, Debug, Default)]
pub struct RegoArgs {
    /// Directory or file of policies: `.rego` files (Conftest conventions) and Gatekeeper
    /// ConstraintTemplate/Constraint YAML; repeatable. Every policy runs on every object.
    #[arg(long = "policy", value_name = "DIR")]
    pub policy_paths: Vec<PathBuf>,

    /// Rego package whose deny/violation/warn rules run (Conftest namespace); repeatable.
    /// Default: main.
    #[arg(long, value_name = "NS", requires = "policy_paths")]
    pub namespace: Vec<String>,

    /// Run the deny/violation/warn rules of every package found.
    #[arg(long, requires = "policy_paths", conflicts_with = "namespace")]
    pub all_namespaces: bool,
}

/// `palisade policy test`.
#[derive(Args, Debug)]
pub struct PolicyTestArgs {
    /// Directories or .rego files holding policies and their tests.
    #[arg(required = true, value_name = "DIR")]
    pub paths: Vec<PathBuf>,

    /// Print passing tests too, with their duration.
    #[arg(short, long)]
    pub verbose: bool,

    /// Run only the tests whose `data.<package>.<name>` matches this regex.
    #[arg(long, value_name = "REGEX")]
    pub run: Option<String>,
}

/// `palisade policy eval`.
#[derive(Args, Debug)]
pub struct PolicyEvalArgs {
    /// Policies and namespaces.
    #[command(flatten)]
    pub rego: RegoArgs,

    /// The input: a YAML or JSON file (`-` for stdin); each document is evaluated.
    #[arg(long, short, value_name = "FILE")]
    pub input: String,

    /// A Rego query, e.g. `data.main.deny` (default: every rule of the selected
    /// namespaces and every matching Constraint).
    pub query: Option<String>,
}

/// `palisade db ...`.
#[derive(Subcommand, Debug)]
pub enum DbCommand {
    /// Download OSV's per-ecosystem exports (or import --from a zip, a directory of
    /// JSON/YAML records, or a zip URL) and replace the database. On any failure the
    /// existing database is kept as it was.
    Update(DbUpdateArgs),
    /// Show what the database holds: source, date, counts.
    Status(DbStatusArgs),
}

/// `palisade db update`.
#[derive(Args, Debug)]
pub struct DbUpdateArgs {
    /// Import from this zip file, directory of OSV records, record file, or http(s) URL of
    /// a zip, instead of downloading the per-ecosystem exports.
    #[arg(long, value_name = "PATH|URL")]
    pub from: Option<String>,

    /// Base URL of the OSV exports (`{base}/{ecosystem}/all.zip`); default OSV's public
    /// bucket, or $PALISADE_OSV_BASE_URL.
    #[arg(long, value_name = "URL", conflicts_with = "from")]
    pub base_url: Option<String>,

    /// Ecosystems to download (OSV names, comma-separated or repeated); default: every
    /// ecosystem whose lockfiles palisade reads.
    #[arg(
        long,
        value_name = "NAME",
        value_delimiter = ',',
        conflicts_with = "from"
    )]
    pub ecosystem: Vec<String>,

    /// Directory holding the database (default $PALISADE_CACHE_DIR, else
    /// $XDG_CACHE_HOME/palisade, else ~/.cache/palisade).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// List every file that was not a valid OSV record.
    #[arg(long)]
    pub debug: bool,
}

/// `palisade db status`.
#[derive(Args, Debug)]
pub struct DbStatusArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,

    /// Directory holding the database (see `db update --help`).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

/// Output formats of `scan`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Findings grouped by file and object (default).
    Table,
    /// Palisade's versioned JSON schema (docs/output.schema.json).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other platforms.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
}

/// When to colour the table.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    /// When writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Flags of every command that reports findings: one definition each.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// Write the report to FILE instead of stdout (replaced only once the new report is complete).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit 1 when a finding is at or above this severity (info, low, medium, high,
    /// critical), or `never` to always exit 0 for findings.
    #[arg(long, value_name = "SEVERITY", default_value = "info")]
    pub fail_on: String,

    /// Report only findings at or above this severity (info, low, medium, high,
    /// critical); lower ones are not shown and do not count.
    #[arg(long, value_name = "SEVERITY")]
    pub min_severity: Option<String>,

    /// Colour the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Flags that choose rules and apply configuration and baselines: one definition each.
#[derive(Args, Debug)]
pub struct PolicyArgs {
    /// Turn rules on: ids, old aliases, families (`pod-security`, `workload`, `objects`,
    /// `rbac`, `network`, `secrets`, `VUL`) or advisory ids; comma-separated or repeated.
    /// Wins over configuration.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub enable: Vec<String>,

    /// Turn rules off: ids, old aliases, families or advisory ids; comma-separated or
    /// repeated. Wins over configuration; a rule named by id wins over its family.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub disable: Vec<String>,

    /// Configuration file (default: .palisade.yaml found upward from the first path).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any .palisade.yaml.
    #[arg(long)]
    pub no_config: bool,

    /// Report only findings not present in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Write every current finding to FILE as a baseline.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// `palisade scan`.
#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Files or directories to scan; `-` reads manifests from stdin. Directories are walked
    /// recursively, honouring .gitignore.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,

    /// Output format, destination, exit-code threshold and colour.
    #[command(flatten)]
    pub report: ReportArgs,

    /// Rule selection, configuration and baselines.
    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Pod Security Standards version to evaluate (`v1.NN` or `latest`); Namespace
    /// `pod-security.kubernetes.io/enforce-version` labels still win for their namespace.
    #[arg(long, value_name = "VERSION")]
    pub pss_version: Option<String>,

    /// Skip (and report) files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = palisade_k8s::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,

    /// Do not honour .gitignore, .ignore and hidden-file rules when walking directories.
    #[arg(long)]
    pub no_ignore: bool,

    /// Print every file considered and why it was skipped to stderr.
    #[arg(long)]
    pub debug: bool,

    /// Do not look for hard-coded secrets (the `secrets` family) in the scanned files.
    #[arg(long)]
    pub no_secrets: bool,

    /// Show secrets in full in the evidence of secret findings instead of a short prefix
    /// and a hash. Reports written with it contain live credentials.
    #[arg(long)]
    pub no_redact: bool,

    /// Do not match lockfiles against the vulnerability database (lockfiles are still
    /// parsed and listed). Without it, a scan that finds lockfiles needs a database no
    /// older than --db-max-age.
    #[arg(long)]
    pub skip_db: bool,

    /// Print the packages pinned by the lockfiles found (table or json) instead of
    /// findings.
    #[arg(long)]
    pub list_packages: bool,

    /// A vulnerability database older than this many days is stale: the scan reports it
    /// and fails, as for a missing one.
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub db_max_age: u32,

    /// Directory holding the vulnerability database (see `palisade db update --help`).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Rego policies to run on every object.
    #[command(flatten)]
    pub rego: RegoArgs,
}

/// `palisade secrets`.
#[derive(Args, Debug)]
pub struct SecretsArgs {
    /// Files or directories to scan; `-` reads stdin. Directories are walked recursively,
    /// honouring .gitignore; binaries, images, archives and minified bundles are skipped and
    /// counted.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,

    /// Output format, destination, exit-code threshold and colour.
    #[command(flatten)]
    pub report: ReportArgs,

    /// Rule selection, configuration and baselines.
    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Skip (and count) files larger than this many bytes; larger files are read in chunks,
    /// so memory stays bounded below it.
    #[arg(long, value_name = "BYTES", default_value_t = palisade_secrets::walk::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,

    /// Do not honour .gitignore, .ignore and hidden-file rules when walking directories.
    #[arg(long)]
    pub no_ignore: bool,

    /// Show secrets in full in the evidence instead of a short prefix and a hash. Reports
    /// written with it contain live credentials.
    #[arg(long)]
    pub no_redact: bool,

    /// Scan the whole history of the git repository at each PATH instead of the files:
    /// every blob reachable from every reference, each once, attributed to the commit that
    /// added it (read with gitoxide).
    #[arg(long, conflicts_with = "staged")]
    pub git: bool,

    /// With --git, scan only the commits of RANGE as `git log RANGE` lists them, and only the
    /// content they bring: `origin/main..HEAD` (what a pull request adds), `v1.2.0..` (since a
    /// tag, on every reference) or `HEAD` (one branch's whole history).
    #[arg(long, value_name = "RANGE", requires = "git")]
    pub range: Option<String>,

    /// Scan only what is staged for the next commit in the git repository at each PATH
    /// (for pre-commit hooks).
    #[arg(long)]
    pub staged: bool,

    /// Also run the rules, and apply the allowlists, of a gitleaks configuration (TOML).
    #[arg(long, value_name = "FILE")]
    pub gitleaks_config: Option<PathBuf>,

    /// Print every file skipped and why to stderr.
    #[arg(long)]
    pub debug: bool,
}

/// Formats of `rules`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// One line per rule.
    Table,
    /// JSON array of rule metadata.
    Json,
}

/// `palisade rules`.
#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `palisade explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule id (or an old alias), e.g. K8S001; or an advisory id (GHSA-…, CVE-…,
    /// RUSTSEC-…), looked up in the vulnerability database; or a policy rule id with
    /// --policy.
    pub rule: String,

    /// Policies whose rules to look in (see `scan --policy`).
    #[command(flatten)]
    pub rego: RegoArgs,

    /// Directory holding the vulnerability database (see `palisade db update --help`).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

/// `palisade gateway`.
#[derive(Args, Debug)]
pub struct GatewayArgs {
    /// The gateway config file (YAML; see the README's gateway section).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,

    /// Only validate the config (and load its certificates and key files), then exit:
    /// 0 when valid, 2 with `file:line:col: reason` otherwise.
    #[arg(long)]
    pub check: bool,

    /// Worker threads serving the public listener, each with its own event loop, listening
    /// socket (SO_REUSEPORT) and upstream connections, like nginx's worker_processes.
    /// Default: one per CPU core.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub workers: Option<u16>,
}
/// `palisade admission ...`.
#[derive(Subcommand, Debug)]
pub enum AdmissionCommand {
    /// Serve the validating (/validate) and mutating (/mutate) webhook over HTTPS, with
    /// /metrics, /healthz and /readyz. Without --config: deny findings of high or critical
    /// severity, warn about the rest, mutate with safe defaults.
    Serve(AdmissionServeArgs),
    /// Write a CA (ca.crt) and a serving certificate (tls.crt, tls.key) for the webhook's
    /// Service; its SANs also cover localhost and 127.0.0.1.
    Certs(AdmissionCertsArgs),
    /// Print the install manifests: Namespace, ServiceAccount, Deployment, Service,
    /// ValidatingWebhookConfiguration and MutatingWebhookConfiguration.
    Manifests(AdmissionManifestsArgs),
    /// Compile the built-in Pod Security Standards (and, with --include-workload-rules, the
    /// single-object workload rules) into ValidatingAdmissionPolicy + Binding objects that
    /// the API server enforces itself, with no webhook.
    Vap(crate::vap_cmd::VapArgs),
}

/// `palisade admission serve`.
#[derive(Args, Debug)]
pub struct AdmissionServeArgs {
    /// Configuration file (admission.yaml); reloaded when it changes.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Address to listen on, e.g. 0.0.0.0:8443 (overrides `listen`).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,

    /// PEM certificate chain (overrides `tls.cert`); reloaded when it changes.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key (overrides `tls.key`).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// JSON lines audit log, one line per decision (`-` for standard output; overrides
    /// `audit_log`).
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,

    /// Seconds to wait for a TLS handshake, request headers or a request body.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub read_timeout: u64,

    /// Seconds to wait for requests in flight after SIGTERM.
    #[arg(long, value_name = "SECONDS", default_value_t = 25)]
    pub drain_timeout: u64,

    /// Do not watch the configuration, policies and certificate for changes.
    #[arg(long)]
    pub no_reload: bool,

    /// Check the configuration, policies and certificate, then exit (0 when valid).
    #[arg(long)]
    pub check: bool,
}

/// `palisade admission certs`.
#[derive(Args, Debug)]
pub struct AdmissionCertsArgs {
    /// Name of the webhook's Service.
    #[arg(long, value_name = "NAME", default_value = "palisade-admission")]
    pub service: String,

    /// Namespace of the Service.
    #[arg(long, value_name = "NS", default_value = "palisade-system")]
    pub namespace: String,

    /// Directory to write ca.crt, tls.crt and tls.key into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,

    /// Validity of the certificates, in days.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    pub days: u32,
}

/// `palisade admission manifests`.
#[derive(Args, Debug)]
pub struct AdmissionManifestsArgs {
    /// Name of the Service, Deployment and ServiceAccount.
    #[arg(long, value_name = "NAME", default_value = "palisade-admission")]
    pub service: String,

    /// Namespace to install into (exempted from the webhooks, with kube-system).
    #[arg(long, value_name = "NS", default_value = "palisade-system")]
    pub namespace: String,

    /// Container image of palisade.
    #[arg(
        long,
        value_name = "IMAGE",
        default_value = "ghcr.io/palisade/palisade:0.1.0"
    )]
    pub image: String,

    /// CA certificate (ca.crt from `admission certs`) whose PEM becomes the caBundle.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// What the API server does when the webhook cannot answer: Fail (secure) or Ignore.
    #[arg(long, value_name = "POLICY", default_value = "Fail", value_parser = ["Fail", "Ignore"])]
    pub failure_policy: String,

    /// Seconds the API server waits for the webhook (1 to 30).
    #[arg(long, value_name = "SECONDS", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=30))]
    pub timeout_seconds: u32,

    /// Replicas of the Deployment.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub replicas: u32,

    /// Secret holding tls.crt and tls.key.
    #[arg(long, value_name = "NAME", default_value = "palisade-admission-tls")]
    pub tls_secret: String,
}
