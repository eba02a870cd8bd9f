//! The LSP layer: the only module that knows `ls_types`. It owns the open documents, converts
//! positions (utf-8/utf-16) and types, and delegates every request to `analysis`.

mod convert;
mod handlers;
mod indexing;
mod priority;
mod server;
mod state;
mod stdin_guard;
mod stdio;
mod uri;
mod watch;

pub use server::run_stdio;
