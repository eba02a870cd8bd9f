//! One file per LSP method (or per family of notifications), each delegating to `analysis`.

pub mod code_action;
pub mod initialize;
pub mod text_sync;
pub mod workspace_events;
