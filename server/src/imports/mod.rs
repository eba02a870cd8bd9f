//! Python import resolution in pyRevit's search order (spec §8).
//!
//! [`search_path`] computes the folder list for one file from paths alone; [`resolve`] maps dotted
//! names to files over such a list; [`Resolver`] ties both to the workspace index, parses modules
//! (cached) and follows names through `__init__.py` re-exports.

pub mod resolve;
mod resolver;
pub mod search_path;

pub use resolve::{ModuleFile, ModuleResolution};
pub use resolver::{Lookup, ModuleCache, NameTarget, Resolver, ResolverMemo, SearchEnv};
pub use search_path::{classify_file, FileRole, Origin, SearchEntry};
