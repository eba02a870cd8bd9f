//! The command line: `pyrevit-ls check`, `pyrevit-ls schema`, and server start-up.
