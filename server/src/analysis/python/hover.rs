//! Hover on an import: the resolved file, the search-path folder it came from, its docstring.

use std::path::{Path, PathBuf};

use super::{display_path, resolver, target::resolve_at, ImportSettings};
use crate::analysis::Snapshot;
use crate::base::TextRange;
use crate::imports::{NameTarget, SearchEntry};
use crate::syntax::python::DefKind;

/// Hover content for a resolved import or use of an imported name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverInfo {
    /// The segment or name hovered.
    pub range: TextRange,
    /// The file it resolves to.
    pub file: PathBuf,
    /// The search-path folder the import was found in (`None` for relative imports).
    pub entry: Option<SearchEntry>,
    pub markdown: String,
}

pub fn hover(snap: &Snapshot, settings: &ImportSettings, file: &Path, offset: usize) -> Option<HoverInfo> {
    let r = resolver(snap, settings);
    let module = r.module(file)?;
    let t = resolve_at(&r, file, &module, offset)?;
    let target_file = t.resolved.file().to_path_buf();
    let (head, doc) = match &t.resolved {
        NameTarget::Module { module } => {
            let kind = if module.package { "package" } else { "module" };
            (format!("({kind}) {}", t.dotted), r.module(&module.file).and_then(|m| m.docstring.clone()))
        }
        NameTarget::Def { def, .. } => {
            let kind = match def.kind {
                DefKind::Function => "function",
                DefKind::Class => "class",
                DefKind::Variable => "variable",
            };
            (format!("({kind}) {}", t.dotted), def.docstring.clone())
        }
        NameTarget::Binding { .. } => (format!("(imported name) {}", t.dotted), None),
    };
    let mut md = format!("```python\n{head}\n```\n\n`{}`", display_path(snap, settings, &target_file));
    match &t.entry {
        Some(e) => {
            md.push_str(&format!(" — found in {} `{}`", e.origin.describe(), display_path(snap, settings, &e.dir)))
        }
        None => md.push_str(" — relative import"),
    }
    if let Some(doc) = doc.filter(|d| !d.trim().is_empty()) {
        md.push_str("\n\n---\n\n");
        md.push_str(&doc);
    }
    Some(HoverInfo { range: t.range, file: target_file, entry: t.entry, markdown: md })
}
