//! One file per LSP method (or per family of notifications), each delegating to `analysis`.

pub mod code_action;
pub mod completion;
pub mod execute_command;
pub mod hover;
pub mod initialize;
pub mod navigation;
pub mod rename;
pub mod semantic_tokens;
pub mod symbols;
pub mod text_sync;
pub mod workspace_events;
