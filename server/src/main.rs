use std::process::ExitCode;

use clap::Parser;
use pyrevit_ls::cli::{self, Cli};

fn main() -> ExitCode {
    // Logs go to stderr: stdout carries the protocol (or the check report).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PYREVIT_LS_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let cli = Cli::parse();
    if let Some(code) = cli::run(cli) {
        return code;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("pyrevit-ls: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(pyrevit_ls::lsp::run_stdio());
    // A blocking read of stdin may still be pending; do not wait for it.
    runtime.shutdown_background();
    ExitCode::SUCCESS
}
