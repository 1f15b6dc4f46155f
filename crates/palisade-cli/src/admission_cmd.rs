//! `palisade admission serve|certs|manifests`: wiring of `palisade-admission`.

use std::time::Duration;

use base64::Engine as _;
use palisade_admission::manifests::ManifestOptions;
use palisade_admission::{ServeOptions, Server};

use crate::args::{
    AdmissionCertsArgs, AdmissionCommand, AdmissionManifestsArgs, AdmissionServeArgs,
};
use crate::{exit, Failure};

/// Runs one `admission` subcommand.
pub fn run(cmd: AdmissionCommand) -> Result<u8, Failure> {
    match cmd {
        AdmissionCommand::Serve(a) => serve(a),
        AdmissionCommand::Certs(a) => certs(a),
        AdmissionCommand::Manifests(a) => manifests(a),
        AdmissionCommand::Vap(a) => crate::vap_cmd::run(a),
    }
}

fn serve(a: AdmissionServeArgs) -> Result<u8, Failure> {
    let opts = ServeOptions {
        config: a.config,
        listen: a.listen,
        tls_cert: a.tls_cert,
        tls_key: a.tls_key,
        audit_log: a.audit_log,
        read_timeout: Duration::from_secs(a.read_timeout.max(1)),
        drain_timeout: Duration::from_secs(a.drain_timeout),
        watch: !a.no_reload,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let server = Server::bind(opts)
            .await
            .map_err(|e| Failure::Usage(e.to_string()))?;
        if a.check {
            println!("configuration OK");
            return Ok(exit::CLEAN);
        }
        server
            .run(shutdown_signal())
            .await
            .map_err(|e| Failure::Usage(e.to_string()))?;
        Ok(exit::CLEAN)
    })
}

/// SIGTERM (Kubernetes stopping the pod) or Ctrl-C.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn certs(a: AdmissionCertsArgs) -> Result<u8, Failure> {
    let files = palisade_admission::certs::generate(&a.service, &a.namespace, &a.out_dir, a.days)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    println!(
        "wrote {}, {} and {} (SANs: {})",
        files.ca.display(),
        files.cert.display(),
        files.key.display(),
        files.names.join(", ")
    );
    Ok(exit::CLEAN)
}

fn manifests(a: AdmissionManifestsArgs) -> Result<u8, Failure> {
    let ca_bundle = match &a.ca_file {
        Some(path) => {
            let pem = std::fs::read(path).map_err(|e| {
                Failure::Usage(format!(
                    "{}: cannot read CA certificate: {e}",
                    path.display()
                ))
            })?;
            if !pem.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") {
                return Err(Failure::Usage(format!(
                    "{}: not a PEM certificate (expected -----BEGIN CERTIFICATE-----)",
                    path.display()
                )));
            }
            base64::engine::general_purpose::STANDARD.encode(pem)
        }
        None => String::new(),
    };
    let text = palisade_admission::manifests::render(&ManifestOptions {
        namespace: a.namespace,
        service: a.service,
        image: a.image,
        ca_bundle,
        failure_policy: a.failure_policy,
        timeout_seconds: a.timeout_seconds,
        replicas: a.replicas,
        tls_secret: a.tls_secret,
    });
    crate::scan::emit(None, text.as_bytes())?;
    Ok(exit::CLEAN)
}
