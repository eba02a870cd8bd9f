//! Import statements → modules and names, with parsed-module caching and the workspace's
//! search paths.

use crate::base::hash::{text_hash, DashMap, HashSet, PathKey, PathKeyBuf};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::resolve::{self, ModuleFile, ModuleResolution};
use super::search_path::{self, FolderProbe, FsProbe, Origin, SearchEntry};
use crate::base::{DiskSource, FileSource, TextRange};
use crate::index::WorkspaceIndex;
use crate::knowledge::bundle_types::{classify_folder, FolderKind};
use crate::syntax::python::{
    parse_python_with_meta, reparse_python_with_meta, Def, Import, ImportKind, ImportedName, PyModule, PyTree,
};
use crate::syntax::ModuleMeta;

/// Parsed Python files keyed by path; an entry is reused while the text hash is unchanged.
/// One tree-sitter parse gives both the module (imports, definitions) and its in-script
/// metadata (docstring, dunder assignments).
///
/// Two kinds of entries, so memory does not grow with the number of bundles: modules that other
/// files import (asked for through [`Self::get`]: lookups of imported names, open documents) are
/// kept whole; a file parsed only to judge it ([`Self::own`], [`Self::meta`]: a bundle script) is
/// kept whole among the last [`RECENT`] such files, then slimmed to its imports (what following
/// imports from entry files needs, [`Self::imports`]) and parsed again if asked for in full.
#[derive(Default)]
pub struct ModuleCache {
    map: DashMap<PathKeyBuf, CachedModule>,
    /// The chunks of the open documents' last parsed versions (and that version's text): their
    /// next version, the first one after opening included, is parsed incrementally from them.
    /// Only open documents keep one (a chunk list takes several times its text's size).
    trees: Mutex<Vec<(PathBuf, Arc<str>, PyTree)>>,
    /// `trees.len()`, read without the lock: a closed document's chunks are looked for only when
    /// some are kept.
    tree_count: AtomicUsize,
    /// Entries parsed for themselves, oldest first: slimmed when more than [`RECENT`].
    recent: Mutex<VecDeque<PathBuf>>,
}

/// Files parsed for themselves that stay whole (a file's own checks read it a few times in a row).
const RECENT: usize = 64;

struct CachedModule {
    hash: u64,
    text: Arc<str>,
    module: Arc<PyModule>,
    /// `None` once slimmed (then `module` holds only the imports).
    meta: Option<Arc<ModuleMeta>>,
    /// Asked for by [`ModuleCache::get`]: never slimmed.
    kept: bool,
}

/// What a caller needs of a cached module.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// The whole module, kept whole (import targets, open documents).
    Keep,
    /// The whole module, for judging the file itself.
    Own,
    /// Its imports only (`absolute_import` included).
    Imports,
}

type Entry = (Arc<str>, Arc<PyModule>, Option<Arc<ModuleMeta>>);

impl ModuleCache {
    /// The text and parsed module of `path`, parsing only when the text changed; kept whole.
    pub fn get(&self, files: &dyn FileSource, path: &Path) -> Option<(Arc<str>, Arc<PyModule>)> {
        self.entry(files, path, Want::Keep).map(|(text, module, _)| (text, module))
    }

    /// Like [`Self::get`] for a file judged for itself: not kept whole once [`RECENT`] other
    /// such files were parsed after it.
    pub fn own(&self, files: &dyn FileSource, path: &Path) -> Option<(Arc<str>, Arc<PyModule>)> {
        self.entry(files, path, Want::Own).map(|(text, module, _)| (text, module))
    }

    /// The text and in-script metadata of `path` (from the same parse as [`Self::get`]).
    pub fn meta(&self, files: &dyn FileSource, path: &Path) -> Option<(Arc<str>, Arc<ModuleMeta>)> {
        self.entry(files, path, Want::Own).and_then(|(text, _, meta)| Some((text, meta?)))
    }

    /// The module of `path` with at least its imports and `absolute_import` (other fields may
    /// be empty): what following imports needs.
    pub fn imports(&self, files: &dyn FileSource, path: &Path) -> Option<Arc<PyModule>> {
        self.entry(files, path, Want::Imports).map(|(_, module, _)| module)
    }

    fn entry(&self, files: &dyn FileSource, path: &Path, want: Want) -> Option<Entry> {
        let text = files.read(path)?;
        let open = files.is_open(path);
        // An open document's version parsed before (read from disk, or opened with the text on
        // disk) has no chunks kept: parsed again with them, so the first change is incremental.
        let chunks_kept = open && self.has_tree(path);
        if !open && self.tree_count.load(Ordering::Relaxed) > 0 {
            self.forget_tree(path); // a closed document
        }
        let mut hash = None;
        let mut kept = want == Want::Keep;
        if let Some(mut e) = self.map.get_mut(PathKey::new(path)) {
            let same = Arc::ptr_eq(&e.text, &text) || *hash.insert(text_hash(&text)) == e.hash;
            kept |= e.kept;
            if same && (e.meta.is_some() || want == Want::Imports) && chunks_kept == open {
                e.kept = kept;
                return Some((e.text.clone(), e.module.clone(), e.meta.clone()));
            }
        }
        let hash = hash.unwrap_or_else(|| text_hash(&text));
        let (module, meta) = if open || self.map.contains_key(PathKey::new(path)) {
            self.reparse(files, path, &text, open)
        } else {
            parse_python_with_meta(&text)
        };
        let (module, meta) = (Arc::new(module), Arc::new(meta));
        let entry = CachedModule { hash, text: text.clone(), module: module.clone(), meta: Some(meta.clone()), kept };
        self.map.insert(path.into(), entry);
        if !kept {
            self.remember(path);
        }
        Some((text, module, Some(meta)))
    }

    /// Record a file parsed for itself; slim the oldest beyond [`RECENT`]. A file parsed again (a
    /// document being edited) moves to the back: it is the newest, not one more entry.
    fn remember(&self, path: &Path) {
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        // Spelled alike (a memcmp): `Path`'s `==` walks components, and this runs for every
        // script parsed, under the lock. Another spelling of the same file would only make it
        // slimmed a little earlier.
        let spelling = path.as_os_str();
        if let Some(i) = recent.iter().position(|p| p.as_os_str() == spelling) {
            recent.remove(i);
        }
        recent.push_back(path.to_path_buf());
        while recent.len() > RECENT {
            let Some(old) = recent.pop_front() else { break };
            if let Some(mut e) = self.map.get_mut(PathKey::new(&old)) {
                if !e.kept && e.meta.is_some() {
                    e.module = Arc::new(e.module.imports_only());
                    e.meta = None;
                }
            }
        }
    }

    /// Parse the changed text of `path` from its previous chunks when they are kept; keep the new
    /// ones when `path` is an open document (and drop those of documents closed since).
    fn reparse(&self, files: &dyn FileSource, path: &Path, text: &Arc<str>, open: bool) -> (PyModule, ModuleMeta) {
        let old = {
            let mut trees = self.trees.lock().unwrap_or_else(|e| e.into_inner());
            let old = trees.iter().position(|(p, _, _)| p == path).map(|i| trees.remove(i));
            self.tree_count.store(trees.len(), Ordering::Relaxed);
            old
        };
        let (module, meta, tree) = match old {
            Some((_, old_text, tree)) => reparse_python_with_meta(text, Some((&old_text, tree))),
            None if open => reparse_python_with_meta(text, None),
            None => {
                let (module, meta) = parse_python_with_meta(text);
                (module, meta, None)
            }
        };
        let tree = tree.filter(|_| open);
        if let Some(tree) = tree {
            let mut trees = self.trees.lock().unwrap_or_else(|e| e.into_inner());
            trees.retain(|(p, _, _)| p != path && files.is_open(p));
            trees.insert(0, (path.to_path_buf(), text.clone(), tree));
            self.tree_count.store(trees.len(), Ordering::Relaxed);
        }
        (module, meta)
    }

    /// Chunks are kept for `path`.
    fn has_tree(&self, path: &Path) -> bool {
        self.trees.lock().unwrap_or_else(|e| e.into_inner()).iter().any(|(p, _, _)| p.as_os_str() == path.as_os_str())
    }

    /// Drop the chunks kept for `path` (a document closed since).
    fn forget_tree(&self, path: &Path) {
        let mut trees = self.trees.lock().unwrap_or_else(|e| e.into_inner());
        trees.retain(|(p, _, _)| p.as_os_str() != path.as_os_str());
        self.tree_count.store(trees.len(), Ordering::Relaxed);
    }

    /// Keep only the entries whose path passes `keep`.
    pub fn retain(&self, keep: impl Fn(&Path) -> bool) {
        self.map.retain(|p, _| keep(p.as_path()));
        let mut trees = self.trees.lock().unwrap_or_else(|e| e.into_inner());
        trees.retain(|(p, _, _)| keep(p));
        self.tree_count.store(trees.len(), Ordering::Relaxed);
    }
}

/// Where search paths come from: the workspace index (extension roots, `.lib` extensions in
/// discovery order) and the optional pyRevit checkout.
pub struct SearchEnv<'a> {
    pub index: &'a WorkspaceIndex,
    pub lib_ext_roots: Vec<PathBuf>,
    pub pyrevit_path: Option<PathBuf>,
    /// Folders the index does not know are listed through this (the disk unless set).
    pub files: &'a dyn FileSource,
}

impl<'a> SearchEnv<'a> {
    pub fn new(index: &'a WorkspaceIndex, pyrevit_path: Option<PathBuf>) -> Self {
        let lib_ext_roots = index.lib_extensions().map(|e| e.root.clone()).collect();
        SearchEnv { index, lib_ext_roots, pyrevit_path, files: DiskSource::unbounded() }
    }

    /// The same environment listing folders through `files` (a snapshot's file system).
    pub fn with_files(self, files: &'a dyn FileSource) -> Self {
        SearchEnv { files, ..self }
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
                &IndexProbe(self.index, self.files),
            ),
            None => search_path::loose_search_path(self.pyrevit_path.as_deref(), &FsProbe(self.files)),
        }
    }
}

/// `lib`/`bin` folders as the index recorded them; the file system for folders it does not know.
struct IndexProbe<'a>(&'a WorkspaceIndex, &'a dyn FileSource);

impl FolderProbe for IndexProbe<'_> {
    fn lib_bin(&self, dir: &Path) -> (Option<PathBuf>, Option<PathBuf>) {
        match self.0.dir_owner(dir) {
            Some((ext, Some(bundle))) => {
                let b = self.0.extension(ext).bundle(bundle);
                (b.lib_dir.clone(), b.bin_dir.clone())
            }
            Some((ext, None)) => {
                let e = self.0.extension(ext);
                (e.lib_dir.clone(), e.bin_dir.clone())
            }
            None => FsProbe(self.1).lib_bin(dir),
        }
    }

    fn is_dir(&self, dir: &Path) -> bool {
        self.1.is_dir(dir)
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
    memo: Arc<ResolverMemo>,
}

/// What a [`Resolver`] has worked out; valid for one view of the files and one index (a
/// snapshot), so it can be shared by every resolver of that view ([`Resolver::sharing`]).
#[derive(Default)]
pub struct ResolverMemo {
    /// Search paths by [`search_path::memo_key`] (the importer's folder, mostly), except for
    /// bundle folders: see `recent_paths`.
    paths: DashMap<PathKeyBuf, Arc<Vec<SearchEntry>>>,
    /// Search paths of bundle folders, the last [`RECENT_PATHS`] asked for on each thread, newest
    /// last. Only the scripts of one bundle import from its folder, one after the other (a file's
    /// diagnostics, then once more when following imports from every entry): kept for the
    /// snapshot's life they were 4.5 MB of the server's memory at 10,000 bundles. One list per
    /// worker thread, each on its own cache line: a single list would be locked for every import
    /// by every thread.
    recent_paths: [Padded<Mutex<RecentPaths>>; RECENT_LISTS],
    /// What follows the bundle folder itself on the search path of a bundle's scripts, by the
    /// bundle's parent folder: the same for every sibling bundle (the `lib`/`bin` chain of the
    /// ancestors, the extension's, library extensions, pyRevit's), so a bundle folder's search
    /// path is put together from it instead of worked out again.
    tails: DashMap<PathKeyBuf, Arc<Vec<SearchEntry>>>,
    /// Modules read during this memo's life (files do not change within one view).
    modules: DashMap<PathKeyBuf, Option<Arc<PyModule>>>,
    /// Top-level name lookups already answered.
    lookups: DashMap<(PathKeyBuf, String), Lookup>,
    /// `find` answers (folder, module name): most folders are shared by many importers.
    found: DashMap<(PathKeyBuf, String), Option<ModuleFile>>,
    packages: DashMap<PathKeyBuf, bool>,
}

impl Resolver<'_> {
    /// A bundle's own folder: only the files of that bundle import from it, so probes there are
    /// not memoised (at 10,000 bundles they were a tenth of the server's memory).
    fn is_bundle_folder(&self, dir: &Path) -> bool {
        matches!(self.env.index.dir_owner(dir), Some((_, Some(_))))
    }
}

impl resolve::Finder for Resolver<'_> {
    fn find(&self, dir: &Path, name: &str) -> Option<ModuleFile> {
        if self.is_bundle_folder(dir) {
            return resolve::find_module_in(self.files, dir, name);
        }
        let key = (PathKeyBuf::from(dir), name.to_string());
        if let Some(m) = self.memo.found.get(&key) {
            return m.clone();
        }
        let m = resolve::find_module_in(self.files, dir, name);
        self.memo.found.insert(key, m.clone());
        m
    }

    fn is_package(&self, dir: &Path) -> bool {
        if let Some(p) = self.memo.packages.get(PathKey::new(dir)) {
            return *p;
        }
        let p = resolve::FsFinder(self.files).is_package(dir);
        if self.is_bundle_folder(dir) {
            return p;
        }
        self.memo.packages.insert(dir.into(), p);
        p
    }
}

/// Bundle-folder search paths a memo keeps per thread (see `ResolverMemo::recent_paths`).
const RECENT_PATHS: usize = 16;

/// Lists of recent search paths (see `ResolverMemo::recent_paths`): rayon's worker `i` uses list
/// `(i + 1) % RECENT_LISTS`, any other thread list 0.
const RECENT_LISTS: usize = 8;

/// Bundle folders and their search paths, newest last.
type RecentPaths = VecDeque<(PathBuf, Arc<Vec<SearchEntry>>)>;

/// A value alone on its cache line(s): two threads writing neighbouring values do not take the
/// line from each other.
#[derive(Default)]
#[repr(align(128))]
struct Padded<T>(T);

impl ResolverMemo {
    /// The calling thread's list of recent bundle-folder search paths.
    fn recent_paths(&self) -> std::sync::MutexGuard<'_, RecentPaths> {
        let list = rayon::current_thread_index().map_or(0, |i| (i + 1) % RECENT_LISTS);
        self.recent_paths[list].0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Re-export hops followed at most (cycles are also cut by a visited set).
const MAX_HOPS: usize = 16;

impl<'a> Resolver<'a> {
    pub fn new(env: SearchEnv<'a>, files: &'a dyn FileSource, cache: &'a ModuleCache) -> Self {
        Self::sharing(env, files, cache, Arc::default())
    }

    /// A resolver sharing `memo` (made for the same files and index) with others: one per file
    /// judged, so no memo of its own is made and dropped (seven maps).
    pub fn sharing(
        env: SearchEnv<'a>,
        files: &'a dyn FileSource,
        cache: &'a ModuleCache,
        memo: Arc<ResolverMemo>,
    ) -> Self {
        Resolver { env: env.with_files(files), files, cache, memo }
    }

    /// The parsed module at `path` (read once per resolver, parsed once per text).
    pub fn module(&self, path: &Path) -> Option<Arc<PyModule>> {
        if let Some(m) = self.memo.modules.get(PathKey::new(path)) {
            return m.clone();
        }
        let m = self.cache.get(self.files, path).map(|(_, m)| m);
        self.memo.modules.insert(path.into(), m.clone());
        m
    }

    /// The parsed module of `path` when it is judged for itself (its own diagnostics, a search
    /// through every file): not kept whole in the cache for long (see [`ModuleCache`]).
    pub fn own_module(&self, path: &Path) -> Option<Arc<PyModule>> {
        if let Some(m) = self.memo.modules.get(PathKey::new(path)) {
            return m.clone();
        }
        self.cache.own(self.files, path).map(|(_, m)| m)
    }

    /// The module of `path` with at least its imports (see [`ModuleCache::imports`]).
    pub fn module_imports(&self, path: &Path) -> Option<Arc<PyModule>> {
        if let Some(m) = self.memo.modules.get(PathKey::new(path)) {
            return m.clone();
        }
        self.cache.imports(self.files, path)
    }

    /// The search path of `file`, computed once per resolver (for a bundle folder: again when
    /// it was not among the last [`RECENT_PATHS`] asked for).
    pub fn search_path(&self, file: &Path) -> Arc<Vec<SearchEntry>> {
        let key = search_path::memo_key(file);
        if let Some(p) = self.memo.paths.get(PathKey::new(key)) {
            return p.clone();
        }
        let bundle = self.is_bundle_folder(key);
        if bundle {
            let recent = self.memo.recent_paths();
            // Keys are spelled alike (the importer's folder): bytes are compared, not components.
            if let Some((_, p)) = recent.iter().rev().find(|(k, _)| k.as_os_str() == key.as_os_str()) {
                return p.clone();
            }
        }
        let p = match bundle.then(|| self.bundle_search_path(file, key)) {
            Some(p) => p,
            None => {
                let mut p = self.env.search_path(file);
                p.shrink_to_fit(); // one per importing folder, kept for the snapshot's life
                Arc::new(p)
            }
        };
        if bundle {
            let mut recent = self.memo.recent_paths();
            recent.push_back((key.to_path_buf(), p.clone()));
            if recent.len() > RECENT_PATHS {
                recent.pop_front();
            }
        } else {
            self.memo.paths.insert(key.into(), p.clone());
        }
        p
    }

    /// The search path of `file` in the bundle folder `dir`: the folder's own `lib`/`bin` and the
    /// folder, then the tail its siblings share (worked out once per parent folder, from the first
    /// full search path that has this shape).
    fn bundle_search_path(&self, file: &Path, dir: &Path) -> Arc<Vec<SearchEntry>> {
        let parent = dir.parent().unwrap_or(dir);
        if let Some(tail) = self.memo.tails.get(PathKey::new(parent)).map(|t| t.clone()) {
            let (lib, bin) = IndexProbe(self.env.index, self.files).lib_bin(dir);
            let mut p: Vec<SearchEntry> =
                [(lib, Origin::Lib), (bin, Origin::Bin), (Some(dir.to_path_buf()), Origin::BundleFolder)]
                    .into_iter()
                    .filter_map(|(d, origin)| Some(SearchEntry { dir: d?, origin }))
                    .collect();
            p.extend(tail.iter().cloned());
            return Arc::new(p);
        }
        let mut p = self.env.search_path(file);
        p.shrink_to_fit();
        // [lib?, bin?, the folder, tail…]: the tail holds nothing of the folder's own entries.
        let own = p.iter().position(|e| e.origin == Origin::BundleFolder && e.dir == dir);
        if let Some(i) = own.filter(|&i| p[..i].iter().all(|e| matches!(e.origin, Origin::Lib | Origin::Bin))) {
            self.memo.tails.insert(parent.into(), Arc::new(p[i + 1..].to_vec()));
        }
        Arc::new(p)
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
        let key = (PathKeyBuf::from(module.file.clone()), name.to_string());
        if let Some(l) = self.memo.lookups.get(&key) {
            return l.clone();
        }
        let mut visited = HashSet::default();
        let l = self.lookup_inner(module, name, &mut visited);
        self.memo.lookups.insert(key, l.clone());
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
            || parsed.all_names.iter().any(|a| a == name)
            || is_module_attribute(name);
        for imp in parsed.top_level_imports() {
            if let ImportKind::From { star: Some(_), .. } = imp.kind {
                let target = self
                    .resolve_module(&module.file, &parsed, imp)
                    .and_then(|r| r.target(imp.module().segments.len()).cloned());
                if let Some(Lookup::Found(t)) = target.map(|t| self.lookup_inner(&t, name, visited)) {
                    return Lookup::Found(t);
                }
                // A star import makes the module's names unknown: what it brings in depends on
                // the other module's `__all__`, its own star imports, the engine…
                unknown = true;
            }
        }
        if let Some(sub) = resolve::submodule(self, module, name) {
            return Lookup::Found(NameTarget::Module { module: sub });
        }
        if unknown || module.package_dir().is_some_and(|d| resolve::has_other_entry(self.files, d, name)) {
            return Lookup::Unknown;
        }
        Lookup::Missing
    }

    /// Every name `module` provides that pyrevit-ls can see (its definitions, the names its
    /// module-level imports bind, `__all__`, and a package's submodules): "did you mean"
    /// candidates.
    pub fn names_of(&self, module: &ModuleFile) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(parsed) = self.module(&module.file) {
            out.extend(parsed.defs.iter().map(|d| d.name.text.clone()));
            for imp in parsed.top_level_imports() {
                match &imp.kind {
                    ImportKind::Module { module, alias } => {
                        out.extend(alias.as_ref().or(module.segments.first()).map(|n| n.text.clone()))
                    }
                    ImportKind::From { names, .. } => out.extend(names.iter().map(|n| n.bound().text.clone())),
                }
            }
            out.extend(parsed.all_names.iter().cloned());
        }
        if let Some(dir) = module.package_dir() {
            out.extend(resolve::module_names_in(self.files, dir));
        }
        out.sort();
        out.dedup();
        out
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

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (f, text) in files {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }

    #[test]
    fn bundle_search_paths_put_together_equal_worked_out_ones() {
        let t = tempfile::tempdir().unwrap();
        let ext = t.path().join("X.extension");
        let mut files =
            vec![("lib/m.py".to_string(), ""), ("T.tab/lib/t.py".into(), ""), ("T.tab/P.panel/bin/b.dll".into(), "")];
        for i in 0..40 {
            files.push((format!("T.tab/P.panel/B{i}.pushbutton/script.py"), "import m\n"));
            files.push((format!("T.tab/Q.panel/S.stack/C{i}.pushbutton/script.py"), ""));
            if i % 3 == 0 {
                files.push((format!("T.tab/P.panel/B{i}.pushbutton/lib/own.py"), ""));
                files.push((format!("T.tab/Q.panel/S.stack/C{i}.pushbutton/bin/x.dll"), ""));
            }
        }
        write(&ext, &files.iter().map(|(f, text)| (f.as_str(), *text)).collect::<Vec<_>>());
        let index = crate::index::build_index(&[t.path().to_path_buf()]);
        let (cache, disk) = (ModuleCache::default(), DiskSource::default());
        let r = Resolver::new(SearchEnv::new(&index, None), &disk, &cache);
        for (f, _) in &files {
            let file = ext.join(f);
            assert_eq!(*r.search_path(&file), r.env.search_path(&file), "{f}");
        }
        assert_eq!(r.memo.tails.len(), 2, "one tail per parent folder of bundles");
        // Each worker thread keeps its own recent list: the same answers from every thread.
        let paths: Vec<PathBuf> = files.iter().map(|(f, _)| ext.join(f)).collect();
        for _ in 0..2 {
            let same = crate::base::parallel::map(&paths, 1, |p| *r.search_path(p) == r.env.search_path(p));
            assert!(same.iter().all(|s| *s));
        }
    }

    #[test]
    fn files_judged_for_themselves_are_slimmed_to_their_imports() {
        let t = tempfile::tempdir().unwrap();
        let files: Vec<(String, &str)> = (0..=RECENT)
            .map(|i| (format!("s{i}.py"), "import os\nX = 1\n"))
            .chain([("lib.py".into(), "Y = 2\n")])
            .collect();
        write(t.path(), &files.iter().map(|(f, text)| (f.as_str(), *text)).collect::<Vec<_>>());
        let (cache, disk) = (ModuleCache::default(), DiskSource::default());
        let (first, lib) = (t.path().join("s0.py"), t.path().join("lib.py"));
        assert!(cache.get(&disk, &lib).is_some());
        for i in 0..=RECENT {
            assert!(cache.own(&disk, &t.path().join(format!("s{i}.py"))).is_some());
        }
        let slim = cache.imports(&disk, &first).unwrap();
        assert_eq!((slim.imports.len(), slim.defs.len()), (1, 0), "only the imports are kept");
        let (_, whole) = cache.own(&disk, &first).unwrap();
        assert_eq!(whole.defs.len(), 1, "asked in full, the file is parsed again");
        assert!(cache.meta(&disk, &first).is_some());
        assert_eq!(cache.imports(&disk, &lib).unwrap().defs.len(), 1, "imported modules stay whole");
    }

    #[test]
    fn a_document_parsed_again_and_again_stays_whole() {
        // Typing in one script parses it on every keystroke: it is the newest entry each time,
        // not one more of the RECENT (it was slimmed after RECENT keystrokes, and every later
        // request parsed it again, without its incremental tree).
        struct Edited(Mutex<Arc<str>>);
        impl FileSource for Edited {
            fn read(&self, _: &Path) -> Option<Arc<str>> {
                Some(self.0.lock().unwrap().clone())
            }
        }
        let (cache, src) = (ModuleCache::default(), Edited(Mutex::new(Arc::from(""))));
        let path = Path::new("/w/X.extension/T.tab/P.panel/B.pushbutton/script.py");
        for i in 0..=2 * RECENT {
            *src.0.lock().unwrap() = Arc::from(format!("import os\nX = {i}\n"));
            assert!(cache.meta(&src, path).is_some());
        }
        assert_eq!(cache.imports(&src, path).unwrap().defs.len(), 1, "not slimmed");
    }

    /// The chunks kept for `path`: how many chunks the last parse reused, `None` when none kept.
    fn kept_reuse(cache: &ModuleCache, path: &Path) -> Option<usize> {
        let trees = cache.trees.lock().unwrap();
        trees.iter().find(|(p, _, _)| p == path).map(|(_, _, t)| t.reused_statements())
    }

    #[test]
    fn the_first_change_after_opening_a_script_is_incremental() {
        use crate::base::{MemoryFs, OpenFile, OpenFiles, Vfs};
        // A script read from disk first (the workspace's first round), then opened with that
        // text, then typed into: breaking it (an indentation error) and going on.
        let path = PathBuf::from("/w/X.extension/T.tab/P.panel/B.pushbutton/script.py");
        let mut text = String::from("import os\n\n");
        for i in 0..300 {
            text.push_str(&format!("def f{i}(a, b):\n    \"\"\"Doc {i}.\"\"\"\n    return a + b\n\n"));
        }
        let mut fs = MemoryFs::default();
        fs.insert(&path, &text);
        let disk = Vfs::over(Arc::new(fs));
        let opened = |text: &str, version| {
            let doc = OpenFile::new(Arc::from(text), version);
            Vfs { open: Arc::new(OpenFiles::new([(path.clone(), doc)].into())), disk: disk.disk.clone() }
        };
        let cache = ModuleCache::default();
        assert!(cache.own(&disk, &path).is_some());
        assert_eq!(kept_reuse(&cache, &path), None, "a file not open keeps no chunks");
        assert!(cache.meta(&opened(&text, 1), &path).is_some());
        assert_eq!(kept_reuse(&cache, &path), Some(0), "opened: its chunks are kept (parsed from scratch)");
        let at = text.find("    return a + b\n\ndef f150").unwrap() + 2;
        for (version, typed) in (2..).zip(["x", "y", "z"]) {
            text.insert_str(at, typed);
            let files = opened(&text, version);
            let (_, module) = cache.own(&files, &path).unwrap();
            let (_, meta) = cache.meta(&files, &path).unwrap();
            let (want, want_meta) = parse_python_with_meta(&text);
            assert!(module.has_errors);
            assert_eq!((&*module, &*meta), (&want, &want_meta), "version {version}");
            let reused = kept_reuse(&cache, &path).unwrap();
            assert!(reused >= 300 - 2, "version {version}: only the edited chunks parsed ({reused} reused)");
        }
        // Closed (its unsaved text gone): the disk's text again, and no chunks kept.
        let (_, module) = cache.own(&disk, &path).unwrap();
        assert_eq!(module.defs.len(), 300);
        assert_eq!(kept_reuse(&cache, &path), None, "a closed document keeps no chunks");
        assert_eq!(cache.tree_count.load(Ordering::Relaxed), 0);
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
        // `pkg` has a star import: what it provides beyond what we see is unknown.
        assert_eq!(r.lookup_name(&pkg, "missing"), Lookup::Unknown);
        let impl_mod = ModuleFile { file: t.path().join("X.extension/lib/pkg/impl.py"), package: false };
        assert_eq!(r.lookup_name(&impl_mod, "missing"), Lookup::Missing);
        assert_eq!(r.lookup_name(&pkg, "__file__"), Lookup::Unknown);
    }
}
