//! Everything pyrevit-ls knows about pyRevit, as data. Every feature reads pyRevit facts from here
//! and nowhere else. The facts, with the pyRevit source each comes from, are written down in
//! `docs/pyrevit.md`; "spec §N" in a comment anywhere in the code means section N of that page.

pub mod bundle_types;
pub mod categories;
pub mod context;
pub mod files;
pub mod hooks;
pub mod keys;
pub mod locales;
pub mod manifest;
pub mod ranking;
pub mod script_meta;
pub mod templates;

/// Which pyRevit loader honours or does something (spec §0, §12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Loaders {
    Both,
    /// Only the Python loader (pyRevit ≤ 6 default).
    PythonOnly,
    /// Only the C# loader (optional in 5.x/6.x, the only one from pyRevit 7).
    CSharpOnly,
    /// Neither current loader (legacy or documented-only).
    Neither,
}

impl Loaders {
    pub fn describe(self) -> &'static str {
        match self {
            Loaders::Both => "both loaders",
            Loaders::PythonOnly => "the Python loader (pyRevit ≤ 6) only",
            Loaders::CSharpOnly => "the C# loader (pyRevit 6+, the only one from pyRevit 7) only",
            Loaders::Neither => "neither current loader",
        }
    }
}
