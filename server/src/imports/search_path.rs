//! pyRevit's Python module search path for one file (spec §8.1, §8.3), computed from paths only.
//!
//! Choices where pyRevit has no single answer:
//! * A module under a `lib/` (or `bin/`) folder is imported by scripts whose path always contains
//!   that folder and everything outward from it, so it resolves against exactly that common part:
//!   the owner's `lib`/`bin` outward to `X/lib`, `X/bin`, then the `.lib` extensions and pyRevit.
//!   For modules in `X/lib` this is the extension-level path `[X/lib, X/bin, .lib…, pyRevit]`.
//! * `.lib` extensions contribute their root and, when present, their `lib/` (the C# loader adds
//!   both; the Python loader only the root), for every kind of file.
//! * Hooks and other loose files of an extension use the extension-level path (§8.3).
//! * `startup.py` gets `[X/lib, X/]` (§8.1), then pyRevit's own folders, which pyRevit's runtime
//!   appends; `.lib` extensions are not on its path.

use std::path::{Path, PathBuf};

use crate::base::{DiskSource, FileSource};
use crate::knowledge::bundle_types::{classify_folder, FolderKind};
use crate::knowledge::files::{BIN_DIR, HOOKS_DIR, LIB_DIR, STARTUP_SCRIPTS};

/// Why a folder is on the search path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// `lib/` of the command bundle, a container or the extension.
    Lib,
    /// `bin/` of the command bundle, a container or the extension.
    Bin,
    /// The command bundle's own folder (side modules next to `script.py`).
    BundleFolder,
    /// The extension root (startup scripts only).
    ExtensionRoot,
    /// A `.lib` library extension's root folder.
    LibExtension,
    /// The `lib/` folder inside a `.lib` library extension.
    LibExtensionLib,
    /// `<pyRevit>/pyrevitlib` from the `pyrevit.pyrevitPath` setting.
    PyRevitLib,
    /// `<pyRevit>/site-packages` from the `pyrevit.pyrevitPath` setting.
    SitePackages,
    /// IronPython 2 implicit relative import: the importing module's own package folder.
    OwnPackage,
}

impl Origin {
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Lib => "lib folder",
            Origin::Bin => "bin folder",
            Origin::BundleFolder => "the bundle's own folder",
            Origin::ExtensionRoot => "the extension root",
            Origin::LibExtension => "library extension",
            Origin::LibExtensionLib => "library extension lib folder",
            Origin::PyRevitLib => "pyRevit's pyrevitlib",
            Origin::SitePackages => "pyRevit's site-packages",
            Origin::OwnPackage => "the importing module's package (IronPython 2 implicit relative import)",
        }
    }
}

/// One folder on the search path.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct SearchEntry {
    pub dir: PathBuf,
    pub origin: Origin,
}

/// What pyRevit runs a Python file as, which decides its search path.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "role", rename_all = "kebab-case")]
pub enum FileRole {
    /// A script in a bundle (`script.py`, `config.py`, any other `.py` in the bundle folder).
    Script { bundle: PathBuf },
    /// A module under the `lib`/`bin` folder of `owner` (a bundle folder or the extension root).
    LibModule { owner: PathBuf },
    /// A file under `hooks/`.
    Hook,
    /// `startup.py` at the extension root.
    Startup,
    /// Any other file of a UI extension (checks, loose files at the root).
    Extension,
    /// A file inside a `.lib` library extension.
    LibExtension,
}

/// Classify `file` inside the extension rooted at `ext_root` from its path alone.
/// What a search path depends on besides the index: the file's folder, or the file itself when
/// its name is a startup script's (see [`classify_file`]).
pub fn memo_key(file: &Path) -> &Path {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    match file.parent() {
        Some(dir) if !STARTUP_SCRIPTS[..1].iter().any(|s| s.eq_ignore_ascii_case(name)) => dir,
        _ => file,
    }
}

pub fn classify_file(file: &Path, ext_root: &Path) -> FileRole {
    let is_lib_ext =
        ext_root.file_name().and_then(|n| n.to_str()).is_some_and(|n| classify_folder(n) == FolderKind::LibExtension);
    if is_lib_ext {
        return FileRole::LibExtension;
    }
    let Ok(rel) = file.strip_prefix(ext_root) else {
        return FileRole::Extension;
    };
    let comps: Vec<&str> = rel.components().filter_map(|c| c.as_os_str().to_str()).collect();
    let Some((_, dirs)) = comps.split_last() else {
        return FileRole::Extension;
    };
    if dirs.is_empty() {
        let name = comps[0];
        return if STARTUP_SCRIPTS[..1].iter().any(|s| s.eq_ignore_ascii_case(name)) {
            FileRole::Startup
        } else {
            FileRole::Extension
        };
    }
    if dirs[0].eq_ignore_ascii_case(HOOKS_DIR) {
        return FileRole::Hook;
    }
    let mut owner = ext_root.to_path_buf();
    let mut bundle = None;
    for d in dirs {
        if d.eq_ignore_ascii_case(LIB_DIR) || d.eq_ignore_ascii_case(BIN_DIR) {
            return FileRole::LibModule { owner };
        }
        owner.push(d);
        if matches!(classify_folder(d), FolderKind::Bundle(_)) {
            bundle = Some(owner.clone());
        }
    }
    match bundle {
        Some(bundle) => FileRole::Script { bundle },
        None => FileRole::Extension,
    }
}

/// The search path of `file` in extension `ext_root`, in pyRevit's order, without duplicates.
/// `lib_ext_roots`: every `.lib` extension of the workspace in discovery order.
/// `pyrevit_path`: a pyRevit checkout or install (holding `pyrevitlib/`, `site-packages/`).
pub fn search_path(
    file: &Path,
    ext_root: &Path,
    lib_ext_roots: &[PathBuf],
    pyrevit_path: Option<&Path>,
) -> Vec<SearchEntry> {
    search_path_with(file, ext_root, lib_ext_roots, pyrevit_path, &FsProbe(&DiskSource::default()))
}

/// Finds the `lib` and `bin` sub-folders of a folder (matched case-insensitively).
pub trait FolderProbe {
    fn lib_bin(&self, dir: &Path) -> (Option<PathBuf>, Option<PathBuf>);
    fn is_dir(&self, dir: &Path) -> bool;
}

/// Lists folders through a [`FileSource`].
pub struct FsProbe<'a>(pub &'a dyn FileSource);

impl FolderProbe for FsProbe<'_> {
    fn lib_bin(&self, dir: &Path) -> (Option<PathBuf>, Option<PathBuf>) {
        (child_dir_in(self.0, dir, LIB_DIR), child_dir_in(self.0, dir, BIN_DIR))
    }
    fn is_dir(&self, dir: &Path) -> bool {
        self.0.is_dir(dir)
    }
}

/// [`search_path`] with `lib`/`bin` folders found by `probe` (the index knows them already).
pub fn search_path_with(
    file: &Path,
    ext_root: &Path,
    lib_ext_roots: &[PathBuf],
    pyrevit_path: Option<&Path>,
    probe: &dyn FolderProbe,
) -> Vec<SearchEntry> {
    let mut p = PathBuilder { entries: Vec::new(), probe };
    match classify_file(file, ext_root) {
        FileRole::Script { bundle } => {
            p.lib_bin(&bundle);
            p.push(bundle.clone(), Origin::BundleFolder);
            p.chain_outward(bundle.parent(), ext_root);
            p.lib_bin(ext_root);
        }
        FileRole::LibModule { owner } => {
            p.chain_outward(Some(&owner), ext_root);
            p.lib_bin(ext_root);
        }
        FileRole::Hook | FileRole::Extension => p.lib_bin(ext_root),
        FileRole::Startup => {
            if let Some(lib) = probe.lib_bin(ext_root).0 {
                p.push(lib, Origin::Lib);
            }
            p.push(ext_root.to_path_buf(), Origin::ExtensionRoot);
            p.pyrevit(pyrevit_path);
            return p.entries;
        }
        FileRole::LibExtension => p.lib_extension(ext_root),
    }
    for root in lib_ext_roots {
        p.lib_extension(root);
    }
    p.pyrevit(pyrevit_path);
    p.entries
}

/// Search path for a file outside every extension: pyRevit's own folders only.
pub fn loose_search_path(pyrevit_path: Option<&Path>, probe: &dyn FolderProbe) -> Vec<SearchEntry> {
    let mut p = PathBuilder { entries: Vec::new(), probe };
    p.pyrevit(pyrevit_path);
    p.entries
}

struct PathBuilder<'p> {
    entries: Vec<SearchEntry>,
    probe: &'p dyn FolderProbe,
}

impl PathBuilder<'_> {
    fn push(&mut self, dir: PathBuf, origin: Origin) {
        if !self.entries.iter().any(|e| e.dir == dir) {
            self.entries.push(SearchEntry { dir, origin });
        }
    }

    fn lib_bin(&mut self, dir: &Path) {
        let (lib, bin) = self.probe.lib_bin(dir);
        if let Some(lib) = lib {
            self.push(lib, Origin::Lib);
        }
        if let Some(bin) = bin {
            self.push(bin, Origin::Bin);
        }
    }

    /// `lib`/`bin` of `from` and each ancestor up to (excluding) `ext_root`.
    fn chain_outward(&mut self, from: Option<&Path>, ext_root: &Path) {
        let Some(from) = from else { return };
        if !from.starts_with(ext_root) {
            return;
        }
        for dir in from.ancestors().take_while(|a| *a != ext_root) {
            self.lib_bin(dir);
        }
    }

    fn lib_extension(&mut self, root: &Path) {
        self.push(root.to_path_buf(), Origin::LibExtension);
        if let Some(lib) = self.probe.lib_bin(root).0 {
            self.push(lib, Origin::LibExtensionLib);
        }
    }

    fn pyrevit(&mut self, pyrevit_path: Option<&Path>) {
        let Some(root) = pyrevit_path else { return };
        for (name, origin) in [("pyrevitlib", Origin::PyRevitLib), ("site-packages", Origin::SitePackages)] {
            let dir = root.join(name);
            if self.probe.is_dir(&dir) {
                self.push(dir, origin);
            }
        }
    }
}

/// The sub-folder of `dir` named `name`, matched case-insensitively (`Lib`, `BIN`); an exact
/// match wins.
pub fn child_dir(dir: &Path, name: &str) -> Option<PathBuf> {
    child_dir_in(&DiskSource::default(), dir, name)
}

/// [`child_dir`] through `fs`.
pub fn child_dir_in(fs: &dyn FileSource, dir: &Path, name: &str) -> Option<PathBuf> {
    let listing = fs.list(dir)?;
    let mut found = None;
    for n in &listing.dirs {
        if n.eq_ignore_ascii_case(name) {
            if n == name {
                return Some(dir.join(name));
            }
            found.get_or_insert_with(|| dir.join(n));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dirs: &[&str]) -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        for d in dirs {
            std::fs::create_dir_all(t.path().join(d)).unwrap();
        }
        t
    }

    fn rel(entries: &[SearchEntry], base: &Path) -> Vec<String> {
        entries
            .iter()
            .map(|e| format!("{} ({:?})", e.dir.strip_prefix(base).unwrap_or(&e.dir).display(), e.origin))
            .collect()
    }

    #[test]
    fn command_script_order() {
        let t = tree(&[
            "X.extension/lib",
            "X.extension/bin",
            "X.extension/T.tab/Lib",
            "X.extension/T.tab/P.panel/lib",
            "X.extension/T.tab/P.panel/S.stack/G.pulldown/B.pushbutton/lib",
            "X.extension/T.tab/P.panel/S.stack/G.pulldown/B.pushbutton/BIN",
            "X.extension/T.tab/P.panel/S.stack/bin",
            "Y.lib/lib",
            "Z.lib",
            "pyRevit/pyrevitlib",
        ]);
        let base = t.path();
        let ext = base.join("X.extension");
        let b = ext.join("T.tab/P.panel/S.stack/G.pulldown/B.pushbutton");
        let got = search_path(
            &b.join("script.py"),
            &ext,
            &[base.join("Y.lib"), base.join("Z.lib")],
            Some(&base.join("pyRevit")),
        );
        assert_eq!(
            rel(&got, base),
            [
                "X.extension/T.tab/P.panel/S.stack/G.pulldown/B.pushbutton/lib (Lib)",
                "X.extension/T.tab/P.panel/S.stack/G.pulldown/B.pushbutton/BIN (Bin)",
                "X.extension/T.tab/P.panel/S.stack/G.pulldown/B.pushbutton (BundleFolder)",
                "X.extension/T.tab/P.panel/S.stack/bin (Bin)",
                "X.extension/T.tab/P.panel/lib (Lib)",
                "X.extension/T.tab/Lib (Lib)",
                "X.extension/lib (Lib)",
                "X.extension/bin (Bin)",
                "Y.lib (LibExtension)",
                "Y.lib/lib (LibExtensionLib)",
                "Z.lib (LibExtension)",
                "pyRevit/pyrevitlib (PyRevitLib)",
            ]
        );
    }

    #[test]
    fn roles_from_paths() {
        let ext = Path::new("/w/X.extension");
        let b = ext.join("T.tab/P.panel/B.pushbutton");
        assert_eq!(classify_file(&b.join("script.py"), ext), FileRole::Script { bundle: b.clone() });
        assert_eq!(classify_file(&b.join("helpers/x.py"), ext), FileRole::Script { bundle: b.clone() });
        assert_eq!(classify_file(&b.join("lib/pkg/m.py"), ext), FileRole::LibModule { owner: b.clone() });
        assert_eq!(classify_file(&ext.join("lib/pkg/lib/m.py"), ext), FileRole::LibModule { owner: ext.to_path_buf() });
        assert_eq!(classify_file(&ext.join("hooks/doc-opened.py"), ext), FileRole::Hook);
        assert_eq!(classify_file(&ext.join("Startup.py"), ext), FileRole::Startup);
        assert_eq!(classify_file(&ext.join("checks/a_check.py"), ext), FileRole::Extension);
        assert_eq!(classify_file(Path::new("/w/Y.lib/m.py"), Path::new("/w/Y.lib")), FileRole::LibExtension);
    }

    #[test]
    fn lib_module_hook_and_startup_paths() {
        let t = tree(&[
            "X.extension/lib",
            "X.extension/bin",
            "X.extension/T.tab/P.panel/lib",
            "X.extension/hooks",
            "Y.lib/lib",
        ]);
        let base = t.path();
        let ext = base.join("X.extension");
        let libs = [base.join("Y.lib")];
        let panel_mod = search_path(&ext.join("T.tab/P.panel/lib/m.py"), &ext, &libs, None);
        assert_eq!(
            rel(&panel_mod, base),
            [
                "X.extension/T.tab/P.panel/lib (Lib)",
                "X.extension/lib (Lib)",
                "X.extension/bin (Bin)",
                "Y.lib (LibExtension)",
                "Y.lib/lib (LibExtensionLib)"
            ]
        );
        let hook = search_path(&ext.join("hooks/doc-opened.py"), &ext, &libs, None);
        assert_eq!(
            rel(&hook, base),
            ["X.extension/lib (Lib)", "X.extension/bin (Bin)", "Y.lib (LibExtension)", "Y.lib/lib (LibExtensionLib)"]
        );
        let startup = search_path(&ext.join("startup.py"), &ext, &libs, None);
        assert_eq!(rel(&startup, base), ["X.extension/lib (Lib)", "X.extension (ExtensionRoot)"]);
        let in_lib = search_path(&base.join("Y.lib/lib/m.py"), &base.join("Y.lib"), &libs, None);
        assert_eq!(rel(&in_lib, base), ["Y.lib (LibExtension)", "Y.lib/lib (LibExtensionLib)"]);
    }

    #[test]
    fn missing_folders_are_not_on_the_path() {
        assert_eq!(child_dir(Path::new("/definitely/not/here"), "lib"), None);
        let got = search_path(
            Path::new("/nope/X.extension/B.pushbutton/script.py"),
            Path::new("/nope/X.extension"),
            &[],
            Some(Path::new("/nope")),
        );
        assert_eq!(
            got,
            [SearchEntry { dir: PathBuf::from("/nope/X.extension/B.pushbutton"), origin: Origin::BundleFolder }]
        );
    }
}
