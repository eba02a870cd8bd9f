//! The workspace index: every extension root found in the workspace folders and every bundle in
//! it, as pyRevit's loaders would see the tree (spec §1, product-rules "Finding extensions").
//! Plain data built from the file system; no file *contents* are parsed here.

mod discover;
mod model;
mod walk;

pub use discover::{discover_extension_roots, find_enclosing_extension, is_extension_root};
pub use model::*;
pub use walk::{build_index, index_extension};
