//! `palisade gateway`: run or check the API gateway (`palisade-gateway` does the work).

use crate::args::GatewayArgs;
use crate::{exit, Failure};

/// Runs the gateway, or with `--check` validates its config and exits.
pub fn run(args: GatewayArgs) -> Result<u8, Failure> {
    if args.check {
        // Compiling reads the certificates, keys and other files the config names, and
        // writes nothing (no audit log is created).
        return match palisade_gateway::Gateway::check(&args.config) {
            Ok(_) => {
                println!("{}: ok", args.config.display());
                Ok(exit::CLEAN)
            }
            Err(e) => Err(Failure::Usage(e.to_string())),
        };
    }
    // The workers run their own runtimes; this one serves the admin listener, reloads
    // and health checks.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Failure::Io)?;
    let workers = args.workers.map(usize::from);
    rt.block_on(palisade_gateway::run(&args.config, workers))
        .map(|()| exit::CLEAN)
        .map_err(|e| Failure::Usage(e.to_string()))
}
