//! Editing help for metadata files (`bundle.yaml`, `extension.json`, `extension.yaml`):
//! completion, hover, outline / workspace symbols and assists. Facts come from `knowledge`.

mod assists;
mod complete;
mod complete_values;
mod docs;
mod hover;
mod script_ide;
mod script_literals;
mod symbols;
mod target;
mod yaml_out;

pub use assists::assists;
pub use complete::completions;
pub use hover::hover;
pub use script_ide::{script_completions, script_hover};
pub use script_literals::{extract_script_metadata, ScriptLiteral};
pub use symbols::{document_symbols, workspace_symbols};
pub use target::{meta_target, MetaTarget};
pub use yaml_out::{json_to_yaml, yaml_scalar};
