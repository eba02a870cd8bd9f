//! Integration tests: fixture workspaces on disk (`tests/fixtures/`), insta snapshots
//! (`tests/suite/snapshots/`), and end-to-end tests that spawn the real `pyrevit-ls` binary.
//! One module per area; add yours below.

mod check_cli;
mod docs_refs;
mod editor_commands;
mod hooks;
mod hostile;
mod imports;
mod index;
mod lsp_client;
mod lsp_completion;
mod lsp_core;
mod lsp_hooks;
mod lsp_imports;
mod lsp_meta;
mod lsp_random_edits;
mod lsp_server_core;
mod lsp_templates;
mod meta_check;
mod meta_ide;
mod protocol_abuse;
mod support;
mod templates;
