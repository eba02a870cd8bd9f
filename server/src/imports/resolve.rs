//! Dotted module names → files, over a search path (file system only, no parsing).
//!
//! Python 2 / IronPython semantics: the first segment is looked up in each search-path folder in
//! order (a package `name/__init__.py` before a module `name.py` in the same folder); later
//! segments only inside the package found. Module names match case-sensitively (PEP 235, as on
//! Windows). Folders without `__init__.py` (Python 3 namespace packages) are not resolved.

use std::path::{Path, PathBuf};

use super::search_path::{Origin, SearchEntry};
use crate::base::FileSource;

/// A module found on disk: a `.py` file or a package's `__init__.py`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct ModuleFile {
    pub file: PathBuf,
    pub package: bool,
}

impl ModuleFile {
    /// The package folder (for `__init__.py` modules).
    pub fn package_dir(&self) -> Option<&Path> {
        if self.package {
            self.file.parent()
        } else {
            None
        }
    }
}

/// How far a dotted module name resolved.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ModuleResolution {
    /// The search-path folder the first segment was found in (`None` for explicit relative imports).
    pub entry: Option<SearchEntry>,
    /// The package a relative import starts from (`from . import x`: the only module).
    pub base: Option<ModuleFile>,
    /// One module per leading segment that resolved: `chain[i]` is `segments[..=i]`.
    pub chain: Vec<ModuleFile>,
}

impl ModuleResolution {
    /// The module the whole dotted name denotes, when every segment resolved.
    pub fn target(&self, segments: usize) -> Option<&ModuleFile> {
        if self.chain.len() == segments {
            self.chain.last().or(self.base.as_ref())
        } else {
            None
        }
    }
}

/// Looks modules up in folders: [`FsFinder`] asks a [`FileSource`]; the resolver memoizes.
pub trait Finder {
    /// `dir/name/__init__.py` or `dir/name.py`.
    fn find(&self, dir: &Path, name: &str) -> Option<ModuleFile>;
    /// `dir/__init__.py` exists.
    fn is_package(&self, dir: &Path) -> bool;
}

/// Folder listings from a [`FileSource`], uncached.
pub struct FsFinder<'a>(pub &'a dyn FileSource);

impl Finder for FsFinder<'_> {
    fn find(&self, dir: &Path, name: &str) -> Option<ModuleFile> {
        find_module_in(self.0, dir, name)
    }
    fn is_package(&self, dir: &Path) -> bool {
        self.0.is_file(&dir.join("__init__.py"))
    }
}

/// `dir/name/__init__.py` or `dir/name.py`. Names are compared exactly, as Python does even on
/// case-insensitive file systems (listings keep the names' case).
pub fn find_module_in(fs: &dyn FileSource, dir: &Path, name: &str) -> Option<ModuleFile> {
    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
        return None;
    }
    let listing = fs.list(dir)?;
    // Answers are memoised per snapshot for every folder and name asked: no spare capacity.
    let exact = |mut p: PathBuf| {
        p.shrink_to_fit();
        p
    };
    let init = dir.join(name).join("__init__.py");
    if listing.has_dir(name) && fs.is_file(&init) {
        return Some(ModuleFile { file: exact(init), package: true });
    }
    let file_name = format!("{name}.py");
    if listing.has_file(&file_name) {
        return Some(ModuleFile { file: exact(dir.join(file_name)), package: false });
    }
    None
}

/// The submodule `name` of a package.
pub fn submodule(f: &dyn Finder, package: &ModuleFile, name: &str) -> Option<ModuleFile> {
    f.find(package.package_dir()?, name)
}

/// Resolve segments after the first, inside the package chain found so far.
fn extend_chain(f: &dyn Finder, chain: &mut Vec<ModuleFile>, rest: &[&str]) {
    for seg in rest {
        let Some(next) = chain.last().and_then(|m| submodule(f, m, seg)) else {
            break;
        };
        chain.push(next);
    }
}

/// Resolve an absolute dotted name against a search path. `None` when the first segment is not
/// found in any folder.
pub fn resolve_absolute(f: &dyn Finder, path: &[SearchEntry], segments: &[&str]) -> Option<ModuleResolution> {
    let (first, rest) = segments.split_first()?;
    path.iter().find_map(|entry| {
        let m = f.find(&entry.dir, first)?;
        let mut chain = vec![m];
        extend_chain(f, &mut chain, rest);
        Some(ModuleResolution { entry: Some(entry.clone()), base: None, chain })
    })
}

/// Resolve `from <level dots><segments> import …` in `importer`. The starting folder must be a
/// package (hold `__init__.py`), as Python requires.
pub fn resolve_relative(f: &dyn Finder, importer: &Path, level: u32, segments: &[&str]) -> Option<ModuleResolution> {
    let mut dir = importer.parent()?;
    for _ in 1..level {
        dir = dir.parent()?;
    }
    if !f.is_package(dir) {
        return None;
    }
    let base = ModuleFile { file: dir.join("__init__.py"), package: true };
    let mut chain = Vec::new();
    if let Some((first, rest)) = segments.split_first() {
        if let Some(m) = submodule(f, &base, first) {
            chain.push(m);
            extend_chain(f, &mut chain, rest);
        }
    }
    Some(ModuleResolution { entry: None, base: Some(base), chain })
}

/// IronPython 2 implicit relative import: the importer's own package folder, when it is one.
pub fn own_package_entry(f: &dyn Finder, importer: &Path) -> Option<SearchEntry> {
    let dir = importer.parent()?;
    f.is_package(dir).then(|| SearchEntry { dir: dir.to_path_buf(), origin: Origin::OwnPackage })
}

/// Every folder on the path that provides a top-level module `name`, in path order (the first
/// wins; the others are shadowed).
pub fn providers(f: &dyn Finder, path: &[SearchEntry], name: &str) -> Vec<(SearchEntry, ModuleFile)> {
    path.iter().filter_map(|e| f.find(&e.dir, name).map(|m| (e.clone(), m))).collect()
}

/// Something other than a `.py` module or package is named `name` in the package folder (a
/// namespace folder, `.pyd`, `.dll`, `.pyc`): a name lookup there cannot be called missing.
pub fn has_other_entry(fs: &dyn FileSource, package_dir: &Path, name: &str) -> bool {
    let Some(listing) = fs.list(package_dir) else {
        return true;
    };
    let found = listing.names().any(|f| f == name || f.strip_prefix(name).is_some_and(|rest| rest.starts_with('.')));
    found
}

/// The module names `dir` provides (`name.py` files and `name/__init__.py` packages), sorted: the
/// candidates for a "did you mean" when an import names none of them.
pub fn module_names_in(fs: &dyn FileSource, dir: &Path) -> Vec<String> {
    let Some(listing) = fs.list(dir) else {
        return Vec::new();
    };
    let files = listing.files.iter().filter_map(|name| {
        name.strip_suffix(".py").filter(|stem| !stem.is_empty() && *stem != "__init__").map(str::to_string)
    });
    let packages =
        listing.dirs.iter().chain(&listing.linked_dirs).filter(|d| fs.is_file(&dir.join(d).join("__init__.py")));
    let mut names: Vec<String> = files.chain(packages.cloned()).collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::DiskSource;

    fn files(list: &[&str]) -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        for f in list {
            let p = t.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        t
    }

    fn entry(dir: PathBuf) -> SearchEntry {
        SearchEntry { dir, origin: Origin::Lib }
    }

    #[test]
    fn first_folder_wins_and_packages_beat_modules() {
        let t = files(&["a/m.py", "b/m/__init__.py", "b/m/sub.py", "b/n.py", "b/n/__init__.py"]);
        let path = [entry(t.path().join("a")), entry(t.path().join("b"))];
        let r = resolve_absolute(&FsFinder(&DiskSource::default()), &path, &["m", "sub"]).unwrap();
        assert_eq!(r.entry.as_ref().unwrap().dir, t.path().join("a"));
        assert_eq!(r.chain.len(), 1, "a/m.py is not a package: sub does not resolve");
        assert!(r.target(2).is_none());
        let n = resolve_absolute(&FsFinder(&DiskSource::default()), &path, &["n"]).unwrap();
        assert!(n.chain[0].package);
        assert_eq!(providers(&FsFinder(&DiskSource::default()), &path, "m").len(), 2);
        assert!(resolve_absolute(&FsFinder(&DiskSource::default()), &path, &["nothing"]).is_none());
    }

    #[test]
    fn relative_imports_need_a_package() {
        let t = files(&["pkg/__init__.py", "pkg/a.py", "pkg/sub/__init__.py", "pkg/sub/b.py", "loose/c.py"]);
        let b = t.path().join("pkg/sub/b.py");
        let r = resolve_relative(&FsFinder(&DiskSource::default()), &b, 2, &["a"]).unwrap();
        assert_eq!(r.chain[0].file, t.path().join("pkg/a.py"));
        let dot = resolve_relative(&FsFinder(&DiskSource::default()), &b, 1, &[]).unwrap();
        assert_eq!(dot.target(0).unwrap().file, t.path().join("pkg/sub/__init__.py"));
        assert!(resolve_relative(&FsFinder(&DiskSource::default()), &t.path().join("loose/c.py"), 1, &["x"]).is_none());
        assert!(resolve_relative(&FsFinder(&DiskSource::default()), &b, 9, &[]).is_none());
    }

    #[test]
    fn other_entries_block_missing_claims() {
        let t = files(&["pkg/__init__.py", "pkg/native.pyd", "pkg/ns/x.txt"]);
        let dir = t.path().join("pkg");
        assert!(has_other_entry(&DiskSource::default(), &dir, "native"));
        assert!(has_other_entry(&DiskSource::default(), &dir, "ns"));
        assert!(!has_other_entry(&DiskSource::default(), &dir, "nat"));
    }
}
