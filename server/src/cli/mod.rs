//! The command line: `pyrevit-ls check`, and server start-up. Same analysis as the server.

mod check;
mod output;
pub mod schema;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use check::check;
pub use output::Format;

#[derive(Parser, Debug)]
#[command(
    name = "pyrevit-ls",
    version,
    about = "Language server and checker for pyRevit extensions.\n\nWith no command (or --stdio) it speaks LSP over stdin/stdout."
)]
pub struct Cli {
    /// Speak LSP over stdin/stdout (the default when no command is given).
    #[arg(long)]
    pub stdio: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check extensions and print diagnostics; exit 1 if any error is found.
    Check(CheckArgs),
    /// Print a JSON Schema of bundle.yaml (generated from the same knowledge the server uses).
    Schema,
    /// Print the JSON answer of a server command that needs no workspace, e.g.
    /// `pyrevit.bundleSuffixes` (editors read it before the server starts).
    Command {
        /// The command name, as in `workspace/executeCommand`.
        name: String,
    },
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Workspace folders, extensions or files to check (default: the current folder).
    pub paths: Vec<std::path::PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Report nothing for paths matching GLOB (relative to the checked folder; repeatable). A
    /// pattern without `/` matches a name at any depth, as in `.gitignore`: `--exclude numpy`.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    /// `path:line:col: severity[code]: message` (1-based line and column).
    Text,
    /// A JSON array of `{path, range, severity, code, message}` (0-based, UTF-16 columns).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

/// Run the command line; `None` means "start the server".
pub fn run(cli: Cli) -> Option<ExitCode> {
    match cli.command {
        None => None,
        Some(Command::Schema) => {
            let schema = serde_json::to_string_pretty(&schema::bundle_schema()).unwrap_or_default();
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = writeln!(std::io::stdout().lock(), "{schema}");
            Some(ExitCode::SUCCESS)
        }
        Some(Command::Command { name }) => Some(match crate::analysis::commands::data(&name) {
            Ok(value) => {
                let _ = writeln!(std::io::stdout().lock(), "{value}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("pyrevit-ls: {message}");
                ExitCode::from(2)
            }
        }),
        Some(Command::Check(args)) => {
            let format = match args.format {
                FormatArg::Text => Format::Text,
                FormatArg::Json => Format::Json,
                FormatArg::Github => Format::Github,
            };
            let paths = if args.paths.is_empty() { vec![std::path::PathBuf::from(".")] } else { args.paths };
            let mut stdout = std::io::stdout().lock();
            let mut settings = crate::analysis::Settings::default();
            settings.diagnostics.exclude = args.exclude.into();
            Some(match check(&paths, format, settings, &mut stdout) {
                Ok(true) => ExitCode::from(1),
                Ok(false) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("pyrevit-ls: {message}");
                    ExitCode::from(2)
                }
            })
        }
    }
}
