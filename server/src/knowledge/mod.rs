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
pub mod python_stdlib;
pub mod ranking;
pub mod script_meta;
pub mod templates;

/// How every message names the Python loader: the default up to pyRevit 6, removed in 7
/// (spec §0, PR #3438). Later mentions in the same message say just "the Python loader".
pub const PYTHON_LOADER: &str = "the Python loader (pyRevit ≤ 6)";
/// How every message names the C# loader: the opt-in "new loader" of pyRevit 6 (PR #2647) and
/// the only loader from pyRevit 7 (PR #3438).
pub const CSHARP_LOADER: &str = "the C# loader (pyRevit 7+, opt-in in 6)";

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
            Loaders::CSharpOnly => "the C# loader (pyRevit 7+, opt-in in 6) only",
            Loaders::Neither => "neither current loader",
        }
    }
}
