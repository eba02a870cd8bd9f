//! Import statements → modules and names, with parsed-module caching and the workspace's
//! search paths.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dashmap::DashMap;

use super::resolve::{self, ModuleFile, ModuleResolution};
use super::search_path::{self, FolderProbe, FsProbe, SearchEntry};
use crate::base::{FileSource, TextRange};
use crate::index::WorkspaceIndex;
use crate::knowledge::bundle_types::{classify_folder, FolderKind};
use crate::syntax::python::{parse_python, Def, Import, ImportKind, ImportedName, PyModule};

/// Parsed Python files keyed by path; an entry is reused while the text hash is unchanged.
#[derive(Default)]
pub struct ModuleCache {
    map: DashMap<PathBuf, (u64, Arc<str>, Arc<PyModule>)>,
}

impl ModuleCache {
    /// The text and parsed module of `path`, parsing only when the text changed.
    pub fn get(&self, files: &dyn FileSource, path: &Path) -> Option<(Arc<str>, Arc<PyModule>)> {
        let text = files.read(path)?;
        let hash = text_hash(&text);
        if let Some(e) = self.map.get(path) {
            if e.0 == hash {
                return Some((e.1.clone(), e.2.clone()));
            }
        }
        let module = Arc::new(parse_python(&text));
        self.map.insert(path.to_path_buf(), (hash, text.clone(), module.clone()));
        Some((text, module))
    }
}

fn text_hash(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Where search paths come from: the workspace index (extension roots, `.lib` extensions in
/// discovery order) and the optional pyRevit checkout.
pub struct SearchEnv<'a> {
    pub index: &'a WorkspaceIndex,
    pub lib_ext_roots: Vec<PathBuf>,
    pub pyrevit_path: Option<PathBuf>,
}

impl<'a> SearchEnv<'a> {
    pub fn new(index: &'a WorkspaceIndex, pyrevit_path: Option<PathBuf>) -> Self {
        let lib_ext_roots = index.lib_extensions().map(|e| e.root.clone()).collect();
        SearchEnv { index, lib_ext_roots, pyrevit_path }
    }

    /// The extension root holding `file`: from the index, else the nearest ancestor named
    /// `*.extension` / `*.lib`.
    pub fn extension_root(&self, file: &Path) -> Option<PathBuf> {
        if let Some((ext, _)) = self.index.owner_of(file) {
            return Some(self.index.extension(ext).root.clone());
        }
        file.ancestors().skip(1).find_map(|a| {
            let name = a.file_name()?.to_str()?;
            matches!(classify_folder(name), FolderKind::Extension | FolderKind::LibExtension).then(|| a.to_path_buf())
        })
    }

    /// pyRevit's search path for `file` (spec §8).
    pub fn search_path(&self, file: &Path) -> Vec<SearchEntry> {
        match self.extension_root(file) {
            Some(root) => search_path::search_path_with(
                file,
                &root,
                &self.lib_ext_roots,
                self.pyrevit_path.as_deref(),
                &IndexProbe(self.index),
            ),
            None => search_path::loose_search_path(self.pyrevit_path.as_deref()),
        }
    }
}

/// `lib`/`bin` folders as the index recorded them; the file system for folders it does not know.
struct IndexProbe<'a>(&'a WorkspaceIndex);

impl FolderProbe for IndexProbe<'_> {
    fn lib_bin(&self, dir: &Path) -> (Option<PathBuf>, Option<PathBuf>) {
        match self.0.dirs.get(dir) {
            Some(&(ext, Some(bundle))) => {
                let b = self.0.extension(ext).bundle(bundle);
                (b.lib_dir.clone(), b.bin_dir.clone())
            }
            Some(&(ext, None)) => {
                let e = self.0.extension(ext);
                (e.lib_dir.clone(), e.bin_dir.clone())
            }
            None => FsProbe.lib_bin(dir),
        }
    }
}

/// What a name imported from a module is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum NameTarget {
    /// A def/class/assignment in `file`.
    Def { file: PathBuf, def: Def },
    /// A module (a submodule of a package, or a module re-exported by name).
    Module { module: ModuleFile },
    /// Bound by an import in `file` whose source could not be followed further.
    Binding { file: PathBuf, range: TextRange },
}

impl NameTarget {
    pub fn file(&self) -> &Path {
        match self {
            NameTarget::Def { file, .. } | NameTarget::Binding { file, .. } => file,
            NameTarget::Module { module } => &module.file,
        }
    }
}

/// The outcome of looking a name up in a module.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Lookup {
    Found(NameTarget),
    /// Certainly not provided by the module (no def, import, submodule; nothing dynamic).
    Missing,
    /// Could be provided at run time in a way we do not follow.
    Unknown,
}

/// Resolves imports of workspace files. Cheap to create; share one per request.
pub struct Resolver<'a> {
    pub env: SearchEnv<'a>,
    pub files: &'a dyn FileSource,
    pub cache: &'a ModuleCache,
    paths: DashMap<PathBuf, Arc<Vec<SearchEntry>>>,
    /// Modules read during this resolver's life (files do not change within one request).
    modules: DashMap<PathBuf, Option<Arc<PyModule>>>,
    /// Top-level name lookups already answered.
    lookups: DashMap<(PathBuf, String), Lookup>,
    /// `find` answers (folder, module name): most folders are shared by many importers.
    found: DashMap<(PathBuf, String), Option<ModuleFile>>,
    packages: DashMap<PathBuf, bool>,
}

impl resolve::Finder for Resolver<'_> {
    fn find(&self, dir: &Path, name: &str) -> Option<ModuleFile> {
        let key = (dir.to_path_buf(), name.to_string());
        if let Some(m) = self.found.get(&key) {
            return m.clone();
        }
        let m = resolve::find_module_in(dir, name);
        self.found.insert(key, m.clone());
        m
    }

    fn is_package(&self, dir: &Path) -> bool {
        if let Some(p) = self.packages.get(dir) {
            return *p;
        }
        let p = resolve::FsFinder.is_package(dir);
        self.packages.insert(dir.to_path_buf(), p);
        p
    }
}

/// Re-export hops followed at most (cycles are also cut by a visited set).
const MAX_HOPS: usize = 16;

impl<'a> Resolver<'a> {
    pub fn new(env: SearchEnv<'a>, files: &'a dyn FileSource, cache: &'a ModuleCache) -> Self {
        Resolver {
            env,
            files,
            cache,
            paths: DashMap::new(),
            modules: DashMap::new(),
            lookups: DashMap::new(),
            found: DashMap::new(),
            packages: DashMap::new(),
        }
    }

    /// The parsed module at `path` (read once per resolver, parsed once per text).
    pub fn module(&self, path: &Path) -> Option<Arc<PyModule>> {
        if let Some(m) = self.modules.get(path) {
            return m.clone();
        }
        let m = self.cache.get(self.files, path).map(|(_, m)| m);
        self.modules.insert(path.to_path_buf(), m.clone());
        m
    }

    /// The search path of `file`, computed once per resolver.
    pub fn search_path(&self, file: &Path) -> Arc<Vec<SearchEntry>> {
        if let Some(p) = self.paths.get(file) {
            return p.clone();
        }
        let p = Arc::new(self.env.search_path(file));
        self.paths.insert(file.to_path_buf(), p.clone());
        p
    }

    /// Resolve the module part of an import (as far as it goes). `importer_mod` is the parsed
    /// importer (for `from __future__ import absolute_import`).
    pub fn resolve_module(&self, importer: &Path, importer_mod: &PyModule, imp: &Import) -> Option<ModuleResolution> {
        let segments: Vec<&str> = imp.module().segments.iter().map(|s| s.text.as_str()).collect();
        self.resolve_dotted(importer, importer_mod.absolute_import, imp.level(), &segments)
    }

    /// Resolve `level` dots + `segments` imported from `importer`.
    pub fn resolve_dotted(
        &self,
        importer: &Path,
        absolute_import: bool,
        level: u32,
        segments: &[&str],
    ) -> Option<ModuleResolution> {
        if level > 0 {
            return resolve::resolve_relative(self, importer, level, segments);
        }
        if !absolute_import {
            if let Some(own) = resolve::own_package_entry(self, importer) {
                if let Some(r) = resolve::resolve_absolute(self, std::slice::from_ref(&own), segments) {
                    return Some(r);
                }
            }
        }
        resolve::resolve_absolute(self, &self.search_path(importer), segments)
    }

    /// `from <module> import <name>`: look `name` up in the resolved module.
    pub fn resolve_imported_name(
        &self,
        importer: &Path,
        importer_mod: &PyModule,
        imp: &Import,
        name: &ImportedName,
    ) -> Option<(ModuleResolution, Lookup)> {
        let res = self.resolve_module(importer, importer_mod, imp)?;
        let module = res.target(imp.module().segments.len())?.clone();
        let lookup = self.lookup_name(&module, &name.name.text);
        Some((res, lookup))
    }

    /// What `name` is in `module`: its own def, a name it imports (followed one hop at a time),
    /// a star import, or a submodule of the package.
    pub fn lookup_name(&self, module: &ModuleFile, name: &str) -> Lookup {
        let key = (module.file.clone(), name.to_string());
        if let Some(l) = self.lookups.get(&key) {
            return l.clone();
        }
        let mut visited = HashSet::new();
        let l = self.lookup_inner(module, name, &mut visited);
        self.lookups.insert(key, l.clone());
        l
    }

    fn lookup_inner(&self, module: &ModuleFile, name: &str, visited: &mut HashSet<(PathBuf, String)>) -> Lookup {
        if visited.len() > MAX_HOPS || !visited.insert((module.file.clone(), name.to_string())) {
            return Lookup::Unknown;
        }
        let Some(parsed) = self.module(&module.file) else {
            return Lookup::Unknown;
        };
        if let Some(def) = parsed.def(name) {
            return Lookup::Found(NameTarget::Def { file: module.file.clone(), def: def.clone() });
        }
        if let Some((imp, imported)) = parsed.binding(name) {
            return self.follow_binding(module, &parsed, imp, imported, visited);
        }
        let mut unknown = parsed.dynamic
            || parsed.has_errors
            || parsed.globals.iter().any(|g| g == name)
            || is_module_attribute(name);
        for imp in parsed.top_level_imports() {
            if let ImportKind::From { star: Some(_), .. } = imp.kind {
                let target = self
                    .resolve_module(&module.file, &parsed, imp)
                    .and_then(|r| r.target(imp.module().segments.len()).cloned());
                match target.map(|t| self.lookup_inner(&t, name, visited)) {
                    Some(Lookup::Found(t)) => return Lookup::Found(t),
                    Some(Lookup::Missing) => {}
                    _ => unknown = true,
                }
            }
        }
        if let Some(sub) = resolve::submodule(self, module, name) {
            return Lookup::Found(NameTarget::Module { module: sub });
        }
        if unknown || module.package_dir().is_some_and(|d| resolve::has_other_entry(d, name)) {
            return Lookup::Unknown;
        }
        Lookup::Missing
    }

    fn follow_binding(
        &self,
        module: &ModuleFile,
        parsed: &PyModule,
        imp: &Import,
        imported: Option<&ImportedName>,
        visited: &mut HashSet<(PathBuf, String)>,
    ) -> Lookup {
        let binding = |range: TextRange| Lookup::Found(NameTarget::Binding { file: module.file.clone(), range });
        let res = self.resolve_module(&module.file, parsed, imp);
        match (&imp.kind, imported) {
            (ImportKind::From { .. }, Some(n)) => {
                let Some(source) = res.as_ref().and_then(|r| r.target(imp.module().segments.len())) else {
                    return binding(n.bound().range);
                };
                match self.lookup_inner(source, &n.name.text, visited) {
                    Lookup::Found(t) => Lookup::Found(t),
                    // `from . import sub` in a package's `__init__.py` imports the submodule.
                    _ => match resolve::submodule(self, source, &n.name.text) {
                        Some(sub) => Lookup::Found(NameTarget::Module { module: sub }),
                        None => binding(n.bound().range),
                    },
                }
            }
            (ImportKind::Module { module: dotted, alias }, _) => {
                // `import a.b as x` binds a.b; `import a.b` binds a.
                let wanted = if alias.is_some() { dotted.segments.len() } else { 1 };
                match res.as_ref().and_then(|r| r.chain.get(wanted.saturating_sub(1))) {
                    Some(m) => Lookup::Found(NameTarget::Module { module: m.clone() }),
                    None => binding(alias.as_ref().or(dotted.segments.first()).map_or(imp.range, |a| a.range)),
                }
            }
            _ => Lookup::Unknown,
        }
    }
}

/// Attributes every module has.
fn is_module_attribute(name: &str) -> bool {
    matches!(
        name,
        "__name__"
            | "__file__"
            | "__doc__"
            | "__path__"
            | "__package__"
            | "__loader__"
            | "__spec__"
            | "__all__"
            | "__builtins__"
            | "__dict__"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::DiskSource;

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (f, text) in files {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }

    #[test]
    fn names_follow_reexports_and_stop_at_cycles() {
        let t = tempfile::tempdir().unwrap();
        write(
            t.path(),
            &[
                (
                    "X.extension/lib/pkg/__init__.py",
                    "from .impl import thing\nfrom .loop import spin\nfrom .star import *\n",
                ),
                ("X.extension/lib/pkg/impl.py", "def thing():\n    pass\n"),
                ("X.extension/lib/pkg/loop.py", "from pkg import spin\n"),
                ("X.extension/lib/pkg/star.py", "STAR = 1\n"),
                ("X.extension/lib/pkg/sub.py", ""),
                ("X.extension/B.pushbutton/script.py", "from pkg import thing\n"),
            ],
        );
        let index = WorkspaceIndex::default();
        let cache = ModuleCache::default();
        let disk = DiskSource::default();
        let r = Resolver::new(SearchEnv::new(&index, None), &disk, &cache);
        let script = t.path().join("X.extension/B.pushbutton/script.py");
        let m = r.module(&script).unwrap();
        let res = r.resolve_module(&script, &m, &m.imports[0]).unwrap();
        let pkg = res.target(1).unwrap().clone();
        assert_eq!(pkg.file, t.path().join("X.extension/lib/pkg/__init__.py"));
        let Lookup::Found(NameTarget::Def { file, def }) = r.lookup_name(&pkg, "thing") else { panic!() };
        assert_eq!((file.file_name().unwrap().to_str(), def.name.text.as_str()), (Some("impl.py"), "thing"));
        assert!(matches!(r.lookup_name(&pkg, "spin"), Lookup::Found(NameTarget::Binding { .. })));
        assert!(matches!(r.lookup_name(&pkg, "STAR"), Lookup::Found(NameTarget::Def { .. })));
        assert!(matches!(r.lookup_name(&pkg, "sub"), Lookup::Found(NameTarget::Module { .. })));
        assert_eq!(r.lookup_name(&pkg, "missing"), Lookup::Missing);
        assert_eq!(r.lookup_name(&pkg, "__file__"), Lookup::Unknown);
    }
}
