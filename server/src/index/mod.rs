//! The workspace index: every extension root found in the workspace folders and every bundle in
//! it, as pyRevit's loaders would see the tree (spec §1, product-rules "Finding extensions").
//! Plain data built from the file system; no file *contents* are parsed here.

mod discover;
mod model;
mod walk;

mod update;

pub use discover::{
    discover_extension_roots, discover_extension_roots_with, find_enclosing_extension, find_enclosing_extension_with,
    is_extension_root,
};
pub use model::*;
pub use update::{affects_index, extension_root_by_name, is_hidden, FsChange, Update};
pub use walk::{build_index, build_index_with, extension_roots, index_extension, index_extension_with};
