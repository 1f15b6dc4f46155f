//! `palisade`: secure microservices on Kubernetes from design to runtime.
//!
//! This crate only parses arguments and wires the library crates together; see
//! `docs/architecture.md`.

mod admission_cmd;
mod args;
mod catalog;
mod db_cmd;
mod gateway_cmd;
mod inputs;
mod policy_cmd;
mod rules_cmd;
mod sca;
mod scan;
mod secrets_cmd;
mod stdin;
mod vap_cmd;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// Exit codes are part of the interface.
pub mod exit {
    /// No finding at or above the threshold, every input read.
    pub const CLEAN: u8 = 0;
    /// Findings at or above `--fail-on`, or inputs that could not be read.
    pub const FINDINGS: u8 = 1;
    /// Usage or configuration error.
    pub const USAGE: u8 = 2;
    /// Internal error.
    pub const INTERNAL: u8 = 3;
}

/// mimalloc instead of the system allocator: the gateway allocates a few dozen small
/// buffers per request and glibc's malloc/free were ~17% of its CPU; scans gain too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::CLEAN
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let outcome = std::panic::catch_unwind(|| match cli.command {
        Command::Scan(args) => scan::run(*args),
        Command::Secrets(args) => secrets_cmd::run(*args),
        Command::Rules(args) => rules_cmd::list(args),
        Command::Explain(args) => rules_cmd::explain(args),
        Command::Db(cmd) => db_cmd::run(cmd),
        Command::Gateway(args) => gateway_cmd::run(args),
        Command::Admission(cmd) => admission_cmd::run(cmd),
        Command::Policy(cmd) => policy_cmd::run(cmd),
    });
    match outcome {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(Failure::Usage(msg))) => {
            eprintln!("error: {msg}");
            ExitCode::from(exit::USAGE)
        }
        Ok(Err(Failure::Io(e))) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(exit::CLEAN)
        }
        Ok(Err(Failure::Io(e))) => {
            eprintln!("error: {e}");
            ExitCode::from(exit::INTERNAL)
        }
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: internal error (a bug in palisade; please report it)"
            );
            ExitCode::from(exit::INTERNAL)
        }
    }
}

/// Why a command could not complete.
#[derive(Debug)]
pub enum Failure {
    /// Bad flags or configuration: exit 2.
    Usage(String),
    /// Output could not be written: exit 3 (or 0 for a closed pipe).
    Io(std::io::Error),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}
