use std::path::Path;

use crate::base::hash::PathKey;
use crate::index::{BundleId, ExtensionId};
use crate::knowledge::files;

use super::Snapshot;

/// What a file is to pyRevit, which decides the analyses that apply to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A bundle's `bundle.yaml` (`bundle` None: the extension root's).
    BundleYaml {
        ext: ExtensionId,
        bundle: Option<BundleId>,
    },
    ExtensionJson {
        ext: ExtensionId,
    },
    ExtensionYaml {
        ext: ExtensionId,
    },
    /// A file at the top level of the extension's `hooks/` folder.
    Hook {
        ext: ExtensionId,
    },
    /// Any other Python file inside an extension (scripts, lib modules, startup, checks).
    Python {
        ext: ExtensionId,
    },
    /// Inside an extension, but nothing pyRevit reads as metadata or code.
    Other {
        ext: ExtensionId,
    },
    /// Outside every indexed extension.
    Outside,
}

pub fn file_kind(snap: &Snapshot, path: &Path) -> FileKind {
    let Some(dir) = path.parent() else { return FileKind::Outside };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let Some((ext, bundle)) = snap.index.owner_of(dir) else { return FileKind::Outside };
    let extension = snap.index.extension(ext);
    if extension.hooks_dir.as_deref() == Some(dir) {
        return FileKind::Hook { ext };
    }
    // Compared as keys: a memcmp where `Path`'s `==` walks components (80,000 calls in `check`).
    let at_root = PathKey::new(dir) == PathKey::new(&extension.root);
    if name == files::BUNDLE_METADATA
        && (at_root || bundle.is_some_and(|b| PathKey::new(&extension.bundle(b).path) == PathKey::new(dir)))
    {
        return FileKind::BundleYaml { ext, bundle: if at_root { None } else { bundle } };
    }
    if at_root && name == files::EXTENSION_JSON {
        return FileKind::ExtensionJson { ext };
    }
    if at_root && name == files::EXTENSION_YAML {
        return FileKind::ExtensionYaml { ext };
    }
    if is_python(path) {
        return FileKind::Python { ext };
    }
    FileKind::Other { ext }
}

/// A Python source file (`.py`, any case).
pub fn is_python(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("py"))
}
