//! Python source → [`PyModule`]: imports, module-level definitions, docstrings and later uses of
//! imported names, all with byte ranges.
//!
//! Tolerant by design: tree-sitter-python parses IronPython 2 syntax (`print "x"`,
//! `except E, e:`, `exec "…"`, backticks) and recovers from errors; on top of that, lines starting
//! with `import`/`from` inside ERROR regions are re-parsed on their own so a broken statement never
//! hides an import next to it.

use super::kinds::PyNode;
use super::python_chunks::{chunk_starts, ChunkScan};
use crate::base::hash::HashSet;
use crate::base::TextRange;
use tree_sitter::{Node, Parser};

/// An identifier and where it is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Name {
    pub text: String,
    pub range: TextRange,
}

/// `a.b.c` with a range per segment. Empty for the module part of `from . import x`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DottedName {
    pub segments: Vec<Name>,
}

impl DottedName {
    /// `"a.b.c"`.
    pub fn dotted(&self) -> String {
        self.dotted_prefix(self.segments.len())
    }

    /// The first `n` segments joined by dots.
    pub fn dotted_prefix(&self, n: usize) -> String {
        let parts: Vec<&str> = self.segments.iter().take(n).map(|s| s.text.as_str()).collect();
        parts.join(".")
    }

    pub fn range(&self) -> Option<TextRange> {
        let first = self.segments.first()?.range;
        Some(first.cover(self.segments.last()?.range))
    }

    /// Index of the segment under `offset` (cursor semantics: touching the end counts).
    pub fn segment_at(&self, offset: usize) -> Option<usize> {
        self.segments.iter().position(|s| s.range.contains_inclusive(offset))
    }
}

/// `c as d` in `from m import c as d`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ImportedName {
    pub name: Name,
    pub alias: Option<Name>,
}

impl ImportedName {
    /// The name this binds in the importing module.
    pub fn bound(&self) -> &Name {
        self.alias.as_ref().unwrap_or(&self.name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ImportKind {
    /// `import a.b.c` or `import a.b as x`; one per comma-separated clause.
    Module { module: DottedName, alias: Option<Name> },
    /// `from ..a.b import c as d, e` or `from a import *`. `level` counts the leading dots.
    From { level: u32, module: DottedName, names: Vec<ImportedName>, star: Option<TextRange> },
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Import {
    pub kind: ImportKind,
    /// The whole statement.
    pub range: TextRange,
    /// At module level (possibly inside `if`/`try`): the imported names become module attributes.
    pub top_level: bool,
    /// Inside a `try` that handles `ImportError` (or `Exception`, or bare `except`), or under an
    /// `if TYPE_CHECKING:` / version test: a failing import is expected there.
    pub guarded: bool,
}

impl Import {
    /// The module path written in the statement (`a.b` in both `import a.b` and `from a.b import c`).
    pub fn module(&self) -> &DottedName {
        match &self.kind {
            ImportKind::Module { module, .. } | ImportKind::From { module, .. } => module,
        }
    }

    pub fn level(&self) -> u32 {
        match &self.kind {
            ImportKind::Module { .. } => 0,
            ImportKind::From { level, .. } => *level,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DefKind {
    Function,
    Class,
    /// Assignment, `for`/`with` target or augmented assignment at module level.
    Variable,
}

/// A module-level binding made by the module itself (not by an import).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Def {
    pub name: Name,
    pub kind: DefKind,
    /// The whole statement (the `def`/`class` including its body, or the assignment).
    pub range: TextRange,
    pub docstring: Option<String>,
}

/// A use of an imported name later in the file: `mod.sub.func` as its segments (a bare identifier
/// is a chain of one). Only chains whose head is bound by an import of this file are kept.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NameUse {
    pub segments: Vec<Name>,
}

/// What pyrevit-ls knows about one Python file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PyModule {
    /// Every import statement anywhere in the file, in source order.
    pub imports: Vec<Import>,
    /// Module-level definitions in source order (a name may appear more than once).
    pub defs: Vec<Def>,
    pub docstring: Option<String>,
    /// Names declared `global` inside functions: module attributes bound at run time.
    pub globals: Vec<String>,
    /// The module can create attributes dynamically (`exec`, `globals()`, `vars()`,
    /// module `__getattr__`, `sys.modules` tricks): "name not found" must not be claimed.
    pub dynamic: bool,
    /// `from __future__ import absolute_import` (disables IronPython 2 implicit relative imports).
    pub absolute_import: bool,
    /// tree-sitter had to recover from syntax errors: definitions may be missing.
    pub has_errors: bool,
    /// Later uses of imported names.
    pub uses: Vec<NameUse>,
    /// The names listed in `__all__` (assigned, extended or appended at module level).
    pub all_names: Vec<String>,
}

impl PyModule {
    /// The first module-level definition of `name`.
    pub fn def(&self, name: &str) -> Option<&Def> {
        self.defs.iter().find(|d| d.name.text == name)
    }

    /// Module-level imports that bind `name` (the re-export candidates of an `__init__.py`).
    pub fn top_level_imports(&self) -> impl Iterator<Item = &Import> {
        self.imports.iter().filter(|i| i.top_level)
    }

    /// The import that binds `name` at module level, and for a `from` import the imported name.
    pub fn binding(&self, name: &str) -> Option<(&Import, Option<&ImportedName>)> {
        self.top_level_imports().find_map(|imp| binding_in(imp, name))
    }

    /// The import (anywhere in the file) that binds `name`, latest before `offset` preferred.
    pub fn binding_before(&self, name: &str, offset: usize) -> Option<(&Import, Option<&ImportedName>)> {
        let mut best = None;
        for imp in &self.imports {
            if let Some(b) = binding_in(imp, name) {
                if best.is_none() || (imp.range.start as usize) <= offset {
                    best = Some(b);
                }
            }
        }
        best
    }
}

fn binding_in<'a>(imp: &'a Import, name: &str) -> Option<(&'a Import, Option<&'a ImportedName>)> {
    match &imp.kind {
        ImportKind::Module { module, alias } => {
            let bound = match alias {
                Some(a) => a.text.as_str(),
                None => module.segments.first()?.text.as_str(),
            };
            (bound == name).then_some((imp, None))
        }
        ImportKind::From { names, .. } => names.iter().find(|n| n.bound().text == name).map(|n| (imp, Some(n))),
    }
}

/// The module attribute listing a module's public names.
const DUNDER_ALL: &str = "__all__";

/// Parse Python source. Never fails: unparsable parts simply contribute nothing.
pub fn parse_python(text: &str) -> PyModule {
    parse_python_with_meta(text).0
}

/// [`parse_python`] and [`super::module_meta`] from one parse.
///
/// The model is defined chunk by chunk ([`super::python_chunks`]): each run of top-level
/// statements parsed on its own and lowered with ranges relative to its start, the parts joined.
/// A whole-file tree free of syntax errors whose top-level statements start where the chunks do is
/// the chunks' trees side by side (each chunk is a run of whole statements), so it is lowered
/// directly; any other text is parsed chunk by chunk. Syntax errors stay inside their chunk, and
/// an edited file's next version parses only the chunks the edit touched
/// ([`reparse_python_with_meta`]), the same model by construction.
pub fn parse_python_with_meta(text: &str) -> (PyModule, super::ModuleMeta) {
    let (module, meta, _) = fresh(text, false);
    (module, meta)
}

fn new_parser() -> Option<Parser> {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_python::LANGUAGE.into()).ok()?;
    Some(parser)
}

/// A parse from scratch; with `keep`, the chunks' models for the next version as well.
fn fresh(text: &str, keep: bool) -> (PyModule, super::ModuleMeta, Option<PyTree>) {
    let Some(mut parser) = new_parser() else { return Default::default() };
    let starts = chunk_starts(text);
    if !keep {
        // A valid file (the usual case): the whole-file tree lowered directly.
        if let Some(tree) = parser.parse(text, None) {
            let root = tree.root_node();
            let mut c = root.walk();
            let stmts: Vec<Node> = root.named_children(&mut c).collect();
            if !root.has_error() && root.py_kind() == "module" && align(&starts, &stmts).is_some() {
                let module = lower(text, root, true);
                let meta = super::python_meta::module_meta_of(text, &stmts, true);
                return (module, meta, None);
            }
        }
        let mut out = PyTree::default();
        split_run(&mut parser, text, &starts, text.len(), &mut out);
        let (module, meta) = out.model();
        return (module, meta, None);
    }
    // An edited document: it may well be broken, and a broken whole-file parse (error recovery
    // over all of it) is the most expensive one; runs of a sixteenth cost the same when valid.
    let mut out = PyTree::default();
    split_run(&mut parser, text, &starts, text.len(), &mut out);
    let (module, meta) = out.model();
    (module, meta, Some(out))
}

/// How many runs a run of chunks whose tree has errors is split into.
const RUN_SPLIT: usize = 16;

/// Add the models of the chunks starting at `starts` (the last ends at `end`) to `out`. A run of
/// chunks is parsed as one text first: a tree free of errors whose statements start where the
/// chunks do is the chunks' trees side by side (each is a run of whole statements) and gives
/// their models; otherwise the run is split and each part added the same way, down to single
/// chunks, parsed on their own (what defines the model). A syntax error costs a few parses of
/// shrinking runs around it, not one per chunk.
fn add_run(parser: &mut Parser, text: &str, starts: &[usize], end: usize, out: &mut PyTree) {
    let Some(&s) = starts.first() else { return };
    if starts.len() == 1 {
        out.push(s, end - s, Part::parse(parser, &text[s..end], s == 0));
        return;
    }
    let run = &text[s..end];
    if let Some(tree) = parser.parse(run, None) {
        let root = tree.root_node();
        let mut c = root.walk();
        let stmts: Vec<Node> = root.named_children(&mut c).collect();
        let relative: Vec<usize> = starts.iter().map(|&x| x - s).collect();
        if let Some(bounds) =
            (!root.has_error() && root.py_kind() == "module").then(|| align(&relative, &stmts)).flatten()
        {
            out.push_run(run, s, end, root, &stmts, starts, &bounds);
            return;
        }
    }
    split_run(parser, text, starts, end, out);
}

/// [`add_run`] of each of [`RUN_SPLIT`] parts of the run.
fn split_run(parser: &mut Parser, text: &str, starts: &[usize], end: usize, out: &mut PyTree) {
    let size = starts.len().div_ceil(RUN_SPLIT).max(1);
    let groups: Vec<&[usize]> = starts.chunks(size).collect();
    for (i, g) in groups.iter().enumerate() {
        let g_end = groups.get(i + 1).map_or(end, |n| n[0]);
        add_run(parser, text, g, g_end, out);
    }
}

/// The model from the chunks parsed one by one, never from a tree of several, and whether the
/// whole-file tree's statements start where the chunks do, `None` when that tree has errors
/// (tests: a valid file's chunks must never split a statement, and all ways of parsing must give
/// the same model).
#[cfg(test)]
pub(crate) fn parse_python_chunked(text: &str) -> (PyModule, super::ModuleMeta, Option<bool>) {
    let Some(mut parser) = new_parser() else { return Default::default() };
    let starts = chunk_starts(text);
    let aligned = parser.parse(text, None).and_then(|tree| {
        let root = tree.root_node();
        let mut c = root.walk();
        let stmts: Vec<Node> = root.named_children(&mut c).collect();
        (!root.has_error()).then(|| align(&starts, &stmts).is_some())
    });
    let mut out = PyTree::default();
    for (&start, end) in starts.iter().zip(starts.iter().skip(1).copied().chain([text.len()])) {
        out.push(start, end - start, Part::parse(&mut parser, &text[start..end], start == 0));
    }
    let (module, meta) = out.model();
    (module, meta, aligned)
}

/// For each chunk, the range of `stmts` (a valid module's named children) it holds, as bounds
/// into `stmts` (one more than there are chunks); `None` when a chunk does not start at a
/// statement.
fn align(starts: &[usize], stmts: &[Node]) -> Option<Vec<usize>> {
    let mut bounds = Vec::with_capacity(starts.len() + 1);
    bounds.push(0);
    let mut j = 0;
    for &s in &starts[1..] {
        while j < stmts.len() && stmts[j].start_byte() < s {
            j += 1;
        }
        if stmts.get(j)?.start_byte() != s {
            return None;
        }
        bounds.push(j);
    }
    bounds.push(stmts.len());
    Some(bounds)
}

/// The chunks of a file's last version and their models side by side, kept so that the next
/// version is parsed incrementally: only the chunks an edit touched are parsed again, their items
/// replace the old chunks' items in the lists and the items after them are moved.
#[derive(Clone, Default)]
pub struct PyTree {
    spans: Vec<Span>,
    /// Every chunk's model in chunk order, with this version's ranges: each chunk's imports in
    /// order (so all of them are), `uses` not yet filtered by the imports, the docstring of the
    /// first chunk; the flags are in the spans.
    all: PyModule,
    meta: super::ModuleMeta,
    /// How many chunks kept their model from the previous version (for tests).
    reused: usize,
}

impl PyTree {
    /// Chunks of top-level statements whose model came from the previous version (not parsed
    /// again).
    pub fn reused_statements(&self) -> usize {
        self.reused
    }

    /// Add the chunk `start..start + len` with its model (ranges relative to `start`) at the end.
    fn push(&mut self, start: usize, len: usize, part: Part) {
        let (span, mut module, mut meta) = part.placed(start, len);
        if start == 0 {
            self.all.docstring = module.docstring.take();
            self.meta.docstring = meta.docstring.take();
        }
        self.spans.push(span);
        self.append(&mut module);
        self.meta.assignments.append(&mut meta.assignments);
    }

    /// Move the lists of `m` (ranges of this version) to the end of [`Self::all`]'s.
    fn append(&mut self, m: &mut PyModule) {
        let all = &mut self.all;
        all.imports.append(&mut m.imports);
        all.defs.append(&mut m.defs);
        all.globals.append(&mut m.globals);
        all.all_names.append(&mut m.all_names);
        all.uses.append(&mut m.uses);
    }

    /// Add the chunks starting at `starts` (the last ends at `end`) of the run `run` (the text
    /// from `starts[0]` to `end`) from its valid tree `root`, whose statements `stmts` start
    /// where the chunks do (`bounds`, from [`align`]): one walk, the lists' lengths taken after
    /// each chunk (the same items as each chunk's [`Part::parse`], without a model per chunk).
    #[allow(clippy::too_many_arguments)]
    fn push_run(
        &mut self,
        run: &str,
        s: usize,
        end: usize,
        root: Node,
        stmts: &[Node],
        starts: &[usize],
        bounds: &[usize],
    ) {
        let first = s == 0;
        let mut m = PyModule::default();
        let mut counts = Vec::with_capacity(starts.len());
        let mut w = Walker { text: run, m: &mut m, chains: Vec::new() };
        let mut seen = Counts::default();
        for b in bounds.windows(2) {
            for &stmt in &stmts[b[0]..b[1]] {
                w.walk_from(stmt, Some(root));
            }
            let now = Counts {
                imports: w.m.imports.len(),
                defs: w.m.defs.len(),
                globals: w.m.globals.len(),
                all_names: w.m.all_names.len(),
                uses: w.chains.len(),
                assignments: 0,
            };
            let n = Counts {
                imports: now.imports - seen.imports,
                defs: now.defs - seen.defs,
                globals: now.globals - seen.globals,
                all_names: now.all_names - seen.all_names,
                uses: now.uses - seen.uses,
                assignments: 0,
            };
            counts.push((n, std::mem::take(&mut w.m.dynamic), std::mem::take(&mut w.m.absolute_import)));
            seen = now;
        }
        m.uses = w.chains;
        let mut meta = super::python_meta::module_meta_of(run, stmts, first);
        let by = s as i64;
        shift_module(&mut m, by);
        meta.shift(by);
        let ends = starts.iter().skip(1).copied().chain([end]);
        let mut at = 0;
        for ((&start, chunk_end), (mut n, dynamic, absolute_import)) in starts.iter().zip(ends).zip(counts) {
            // Each chunk's imports in order (as a part's are).
            m.imports[at..at + n.imports].sort_by_key(|i| i.range.start);
            at += n.imports;
            n.assignments = meta.assignments.iter().take_while(|a| (a.name_range.start as usize) < chunk_end).count();
            self.meta.assignments.extend(meta.assignments.drain(..n.assignments));
            self.spans.push(Span { start, len: chunk_end - start, n, dynamic, absolute_import, has_errors: false });
        }
        if first {
            self.all.docstring = body_docstring(run, root);
            self.meta.docstring = meta.docstring.take();
        }
        self.append(&mut m);
    }

    /// The module and its metadata.
    fn model(&self) -> (PyModule, super::ModuleMeta) {
        let all = &self.all;
        let bound = bound_names(&all.imports);
        let module = PyModule {
            imports: all.imports.clone(),
            defs: all.defs.clone(),
            docstring: all.docstring.clone(),
            globals: all.globals.clone(),
            dynamic: self.spans.iter().any(|s| s.dynamic),
            absolute_import: self.spans.iter().any(|s| s.absolute_import),
            has_errors: self.spans.iter().any(|s| s.has_errors),
            uses: all.uses.iter().filter(|u| is_bound(&bound, u)).cloned().collect(),
            all_names: all.all_names.clone(),
        };
        (module, self.meta.clone())
    }
}

/// One chunk: where it is, how many items of each list of [`PyTree::all`] (and of the metadata's
/// assignments) are its, and its flags.
#[derive(Clone, Copy, Default)]
struct Span {
    start: usize,
    len: usize,
    n: Counts,
    dynamic: bool,
    absolute_import: bool,
    has_errors: bool,
}

#[derive(Clone, Copy, Default)]
struct Counts {
    imports: usize,
    defs: usize,
    globals: usize,
    all_names: usize,
    uses: usize,
    assignments: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.imports += o.imports;
        self.defs += o.defs;
        self.globals += o.globals;
        self.all_names += o.all_names;
        self.uses += o.uses;
        self.assignments += o.assignments;
    }
}

/// The model of one chunk, ranges relative to its start: `uses` holds every chain (they are
/// filtered by the module's imports when the model is read); the docstrings only in the first.
#[derive(Default)]
struct Part {
    module: PyModule,
    meta: super::ModuleMeta,
}

impl Part {
    /// The part of `chunk` (the first when `first`), parsed on its own.
    fn parse(parser: &mut Parser, chunk: &str, first: bool) -> Part {
        let Some(tree) = parser.parse(chunk, None) else { return Part::default() };
        let root = tree.root_node();
        let mut module = walk_module(chunk, root, true);
        if !first {
            module.docstring = None;
        }
        let mut c = root.walk();
        let stmts: Vec<Node> = root.named_children(&mut c).collect();
        let meta = super::python_meta::module_meta_of(chunk, &stmts, first);
        Part { module, meta }
    }

    /// This part moved to `start` (imports in order), with its span.
    fn placed(self, start: usize, len: usize) -> (Span, PyModule, super::ModuleMeta) {
        let Part { mut module, mut meta } = self;
        module.imports.sort_by_key(|i| i.range.start);
        shift_module(&mut module, start as i64);
        meta.shift(start as i64);
        module.shrink_to_fit();
        let n = Counts {
            imports: module.imports.len(),
            defs: module.defs.len(),
            globals: module.globals.len(),
            all_names: module.all_names.len(),
            uses: module.uses.len(),
            assignments: meta.assignments.len(),
        };
        let span = Span {
            start,
            len,
            n,
            dynamic: module.dynamic,
            absolute_import: module.absolute_import,
            has_errors: module.has_errors,
        };
        (span, module, meta)
    }
}

/// [`parse_python_with_meta`] of `text`, reusing the chunks of the file's previous text `old`
/// (the kept chunks are returned for the next version): the chunks are scanned again from the one
/// before the edit (the text between the common prefix and suffix of `old` and `text`) until a
/// chunk starts where one started after the edit before; only the chunks in between that changed
/// are parsed. Same result as a parse from scratch (both are the chunks' models side by side).
pub fn reparse_python_with_meta(
    text: &str,
    old: Option<(&str, PyTree)>,
) -> (PyModule, super::ModuleMeta, Option<PyTree>) {
    let Some((old_text, mut tree)) = old.filter(|(_, t)| !t.spans.is_empty()) else { return fresh(text, true) };
    let Some(mut parser) = new_parser() else { return Default::default() };
    let (a, b) = (old_text.as_bytes(), text.as_bytes());
    let prefix = common_prefix(a, b);
    let room = a.len().min(b.len()) - prefix;
    let suffix = common_suffix(&a[a.len() - room..], &b[b.len() - room..]);
    let old_end = a.len() - suffix;
    let delta = (b.len() - suffix) as i64 - old_end as i64;
    let olds = &tree.spans;
    // The chunk holding the edit's start, and the one before: its first line (which decides
    // whether a chunk starts there) is before the edit.
    let k = olds.partition_point(|c| c.start <= prefix).saturating_sub(1);
    let mut from = k.saturating_sub(1);
    let mut scan = ChunkScan::new(text, olds[from].start);
    let mut start = olds[from].start;
    // The new chunks from `from` on (their starts; the last ends at `end`), up to the old chunk
    // `to` (the first one after the edit that still starts a chunk, moved; `olds.len()` when none
    // does).
    let mut starts: Vec<usize> = Vec::new();
    let mut to = from + 1;
    let end = loop {
        let next = scan.next();
        let end = next.unwrap_or(text.len());
        let same = starts.is_empty() && olds.get(from).is_some_and(|c| c.start == start && c.len == end - start);
        if same && end <= prefix {
            // Text and chunk unchanged (only chunks before any changed one can be).
            from += 1;
        } else {
            starts.push(start);
        }
        let Some(next) = next else {
            to = olds.len();
            break end;
        };
        while to < olds.len() && (olds[to].start < old_end || (olds[to].start as i64 + delta) < next as i64) {
            to += 1;
        }
        if olds.get(to).is_some_and(|c| c.start as i64 + delta == next as i64) {
            break end;
        }
        start = next;
    };
    tree.reused = olds.len() - (to - from);
    let mut new = PyTree::default();
    add_run(&mut parser, text, &starts, end, &mut new);
    tree.replace(from, to, new, delta);
    let (module, meta) = tree.model();
    (module, meta, Some(tree))
}

impl PyTree {
    /// Replace the chunks `from..to` by those of `new`, moving the chunks after them by `delta`
    /// bytes.
    fn replace(&mut self, from: usize, to: usize, mut new: PyTree, delta: i64) {
        let (mut before, mut old) = (Counts::default(), Counts::default());
        self.spans[..from].iter().for_each(|s| before.add(s.n));
        self.spans[from..to].iter().for_each(|s| old.add(s.n));
        if from == 0 {
            self.all.docstring = new.all.docstring.take();
            self.meta.docstring = new.meta.docstring.take();
        }
        let added = new.spans.len();
        self.spans.splice(from..to, new.spans);
        self.spans[from + added..].iter_mut().for_each(|s| s.start = (s.start as i64 + delta) as usize);
        /// Replace `n` items at `at` by `new`; move the items after them.
        fn splice<T>(v: &mut Vec<T>, at: usize, n: usize, new: Vec<T>, mut shift_one: impl FnMut(&mut T)) {
            let added = new.len();
            v.splice(at..at + n, new);
            v[at + added..].iter_mut().for_each(&mut shift_one);
        }
        let all = &mut self.all;
        let moved = delta != 0;
        splice(&mut all.imports, before.imports, old.imports, new.all.imports, |i| {
            if moved {
                shift_import(i, delta)
            }
        });
        splice(&mut all.defs, before.defs, old.defs, new.all.defs, |d| {
            if moved {
                shift(&mut d.name.range, delta);
                shift(&mut d.range, delta);
            }
        });
        splice(&mut all.globals, before.globals, old.globals, new.all.globals, |_| {});
        splice(&mut all.all_names, before.all_names, old.all_names, new.all.all_names, |_| {});
        splice(&mut all.uses, before.uses, old.uses, new.all.uses, |u| {
            if moved {
                u.segments.iter_mut().for_each(|s| shift(&mut s.range, delta));
            }
        });
        let a = &mut self.meta.assignments;
        let (at, n, added) = (before.assignments, old.assignments, new.meta.assignments.len());
        a.splice(at..at + n, new.meta.assignments);
        if moved && a.len() > at + added {
            let mut tail = super::ModuleMeta { docstring: None, assignments: a.split_off(at + added) };
            tail.shift(delta);
            a.append(&mut tail.assignments);
        }
    }
}

/// Length of the common prefix of `a` and `b`: compared in blocks of 4 KiB (one `memcmp` each:
/// a 10 MB file takes 2,500 calls, not 160,000), then of 64 bytes, then byte by byte.
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    for block in [4096, 64] {
        while i + block <= n && a[i..i + block] == b[i..i + block] {
            i += block;
        }
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Length of the common suffix of `a` and `b` (compared like [`common_prefix`], from the end).
pub(crate) fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    for block in [4096, 64] {
        while i + block <= n && a[n - i - block..n - i] == b[n - i - block..n - i] {
            i += block;
        }
    }
    while i < n && a[n - i - 1] == b[n - i - 1] {
        i += 1;
    }
    i
}

fn parse_inner(text: &str, rescue: bool) -> PyModule {
    match parse_tree(text) {
        Some(tree) => lower(text, tree.root_node(), rescue),
        None => PyModule::default(),
    }
}

/// Lower a whole tree (the root's named children when it is a `module`, or an `ERROR` when
/// nothing parsed; anything else walked whole).
fn lower(text: &str, root: Node, rescue: bool) -> PyModule {
    let mut module = walk_module(text, root, rescue);
    module.imports.sort_by_key(|i| i.range.start);
    let bound = bound_names(&module.imports);
    let uses: Vec<NameUse> = std::mem::take(&mut module.uses).into_iter().filter(|u| is_bound(&bound, u)).collect();
    drop(bound);
    module.uses = uses;
    module.shrink_to_fit();
    module
}

/// The model of a tree, statement by statement, each walked with the module as its parent;
/// `uses` holds every chain (not yet filtered by the imports), imports rescued from errors last.
fn walk_module(text: &str, root: Node, rescue: bool) -> PyModule {
    let mut module = PyModule { has_errors: root.has_error(), ..Default::default() };
    module.docstring = body_docstring(text, root);
    let mut w = Walker { text, m: &mut module, chains: Vec::new() };
    if matches!(root.py_kind(), "module" | "ERROR") {
        let mut c = root.walk();
        for stmt in root.named_children(&mut c) {
            w.walk_from(stmt, Some(root));
        }
    } else {
        w.walk_from(root, None);
    }
    let chains = w.chains;
    if rescue && root.has_error() {
        Walker { text, m: &mut module, chains: Vec::new() }.rescue_error_lines(root);
    }
    module.uses = chains;
    module
}

/// The names module-level code can reach through `imports`.
fn bound_names(imports: &[Import]) -> HashSet<&str> {
    imports
        .iter()
        .flat_map(|i| match &i.kind {
            ImportKind::Module { module, alias } => {
                alias.as_ref().or(module.segments.first()).map(|n| n.text.as_str()).into_iter().collect::<Vec<_>>()
            }
            ImportKind::From { names, .. } => names.iter().map(|n| n.bound().text.as_str()).collect(),
        })
        .collect()
}

fn is_bound(bound: &HashSet<&str>, chain: &NameUse) -> bool {
    chain.segments.first().is_some_and(|h| bound.contains(h.text.as_str()))
}

/// Move every range of a model by `by` bytes.
fn shift_module(m: &mut PyModule, by: i64) {
    m.imports.iter_mut().for_each(|i| shift_import(i, by));
    for d in &mut m.defs {
        shift(&mut d.name.range, by);
        shift(&mut d.range, by);
    }
    for u in &mut m.uses {
        u.segments.iter_mut().for_each(|s| shift(&mut s.range, by));
    }
}

/// Move a range by `by` bytes.
fn shift(r: &mut TextRange, by: i64) {
    r.start = (r.start as i64 + by) as u32;
    r.end = (r.end as i64 + by) as u32;
}

impl PyModule {
    /// This module with only what following its imports needs (imports, `absolute_import`).
    pub fn imports_only(&self) -> PyModule {
        PyModule { imports: self.imports.clone(), absolute_import: self.absolute_import, ..PyModule::default() }
    }

    /// Give back the spare capacity of every list (they grow while the tree is walked): parsed
    /// modules are cached, and at 10,000 bundles the spare room was a third of their memory.
    fn shrink_to_fit(&mut self) {
        fn dotted(d: &mut DottedName) {
            d.segments.shrink_to_fit();
        }
        for imp in &mut self.imports {
            match &mut imp.kind {
                ImportKind::Module { module, .. } => dotted(module),
                ImportKind::From { module, names, .. } => {
                    dotted(module);
                    names.shrink_to_fit();
                }
            }
        }
        self.imports.shrink_to_fit();
        self.defs.shrink_to_fit();
        self.globals.shrink_to_fit();
        for u in &mut self.uses {
            u.segments.shrink_to_fit();
        }
        self.uses.shrink_to_fit();
        self.all_names.shrink_to_fit();
    }
}

fn parse_tree(text: &str) -> Option<tree_sitter::Tree> {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_python::LANGUAGE.into()).ok()?;
    parser.parse(text, None)
}

struct Walker<'t, 'm> {
    text: &'t str,
    m: &'m mut PyModule,
    chains: Vec<NameUse>,
}

impl Walker<'_, '_> {
    fn slice(&self, n: Node) -> &str {
        self.text.get(n.byte_range()).unwrap_or("")
    }

    fn name(&self, n: Node) -> Name {
        Name { text: self.slice(n).to_string(), range: TextRange::new(n.start_byte(), n.end_byte()) }
    }

    fn dotted(&self, n: Node) -> DottedName {
        let mut c = n.walk();
        let segments = n.named_children(&mut c).filter(|s| s.py_kind() == "identifier").map(|s| self.name(s)).collect();
        DottedName { segments }
    }

    /// Visit the tree without recursion (deeply nested input must not overflow the stack). Each
    /// node is visited with what it needs of its ancestors ([`Up`]), never asked for with
    /// `Node::parent`: that searches down from the root, through every top-level statement before
    /// the node (quadratic in a script of 20,000 functions).
    /// `start` is a top-level statement whose parent is `parent` (the root), or the root itself.
    fn walk_from<'n>(&mut self, start: Node<'n>, parent: Option<Node<'n>>) {
        let up = Up { parent, statement: None };
        let mut stack: Vec<(Node<'n>, Ctx, Up<'n>)> = vec![(start, Ctx { top: true, guarded: false }, up)];
        while let Some((node, ctx, up)) = stack.pop() {
            let mut next = Vec::new();
            self.visit(node, ctx, up, &mut next);
            let statement = match node.py_kind() {
                "expression_statement" => Some(node),
                "assignment" => up.statement,
                _ => None,
            };
            let up = Up { parent: Some(node), statement };
            stack.extend(next.into_iter().rev().map(|(n, ctx)| (n, ctx, up)));
        }
    }

    /// Handle one node; push the children still to visit onto `next` (in source order).
    /// `top`: still at module level (only compound statements crossed so far, no def/class).
    fn visit<'n>(&mut self, node: Node<'n>, ctx: Ctx, up: Up<'n>, next: &mut Vec<(Node<'n>, Ctx)>) {
        let top = ctx.top;
        match node.py_kind() {
            "import_statement" => return self.import_statement(node, ctx),
            "import_from_statement" => return self.import_from(node, ctx),
            "try_statement" if !ctx.guarded && self.catches_import_errors(node) => {
                let mut c = node.walk();
                for ch in node.named_children(&mut c) {
                    let guarded = node.py_field("body").map(|b| b.id()) == Some(ch.id());
                    next.push((ch, Ctx { guarded, ..ctx }));
                }
                return;
            }
            "if_statement" if !ctx.guarded => {
                if let Some(cond) = node.py_field("condition") {
                    if is_environment_test(self.slice(cond)) {
                        let mut c = node.walk();
                        next.extend(node.named_children(&mut c).map(|ch| (ch, Ctx { guarded: true, ..ctx })));
                        return;
                    }
                }
            }
            "type_alias_statement" if top => {
                if let Some(name) = node.py_field("left").and_then(first_identifier) {
                    self.bind_targets(name, node);
                }
            }
            "named_expression" if top => self.bind_field(node, "name"),
            "except_clause" if top => {
                self.bind_field(node, "alias");
                // IronPython 2 `except E, e:`: the second value is the bound name.
                let mut c = node.walk();
                let values: Vec<Node> = node.children_by_field_name("value", &mut c).collect();
                if let [_, name] = values.as_slice() {
                    self.bind_targets(*name, node);
                }
            }
            "case_pattern" if top => {
                // Captures bind names; a dotted value pattern is not a single identifier.
                let mut c = node.walk();
                for ch in node.named_children(&mut c) {
                    if ch.py_kind() == "dotted_name" && ch.named_child_count() == 1 {
                        if let Some(id) = ch.named_child(0) {
                            self.bind_targets(id, node);
                        }
                    }
                }
            }
            "future_import_statement" => {
                let mut c = node.walk();
                for n in node.children_by_field_name("name", &mut c) {
                    if self.slice(n) == "absolute_import" {
                        self.m.absolute_import = true;
                    }
                }
                return;
            }
            "exec_statement" => self.m.dynamic = true,
            "global_statement" => {
                let mut c = node.walk();
                let names: Vec<String> = node
                    .named_children(&mut c)
                    .filter(|n| n.py_kind() == "identifier")
                    .map(|n| self.slice(n).to_string())
                    .collect();
                self.m.globals.extend(names);
                return;
            }
            "function_definition" | "class_definition" => {
                if top {
                    self.definition(node, node);
                }
                if node.py_kind() == "function_definition" && top {
                    if let Some(n) = node.py_field("name") {
                        if self.slice(n) == "__getattr__" {
                            self.m.dynamic = true;
                        }
                    }
                }
                return walk_def_parts(node, ctx, next);
            }
            "decorated_definition" => {
                if let Some(def) = node.py_field("definition") {
                    if top {
                        self.definition(def, node);
                    }
                    let mut c = node.walk();
                    let inner = Ctx { top: false, ..ctx };
                    next.extend(node.named_children(&mut c).filter(|d| d.py_kind() == "decorator").map(|d| (d, inner)));
                    return walk_def_parts(def, ctx, next);
                }
            }
            "assignment" | "augmented_assignment" if top => {
                if let Some(left) = node.py_field("left") {
                    self.bind_targets(left, up.statement.unwrap_or(node));
                    if self.slice(left) == DUNDER_ALL {
                        if let Some(right) = node.py_field("right") {
                            self.all_names(right);
                        }
                    }
                }
            }
            "call" if top => {
                // `__all__.extend([...])` / `__all__.append("x")`.
                let func = node.py_field("function");
                let on_all = func.and_then(|f| f.py_field("object")).is_some_and(|o| self.slice(o) == DUNDER_ALL);
                if on_all {
                    if let Some(args) = node.py_field("arguments") {
                        self.all_names(args);
                    }
                }
            }
            "for_statement" if top => self.bind_field(node, "left"),
            "as_pattern" if top => {
                if let Some(alias) = node.py_field("alias") {
                    self.bind_targets(alias, node);
                } else if let Some(last) = node.named_child((node.named_child_count() as u32).saturating_sub(1)) {
                    // `case <pattern> as name:` has no `alias` field.
                    if last.py_kind() == "identifier" {
                        self.bind_targets(last, node);
                    }
                }
            }
            "attribute" => {
                if let Some(chain) = self.chain(node) {
                    if chain.len() == 2 && chain[0].text == "sys" && chain[1].text == "modules" {
                        self.m.dynamic = true;
                    }
                    self.chains.push(NameUse { segments: chain });
                    return;
                }
                // `f().x`: walk the object; the attribute name is not a free identifier.
                if let Some(obj) = node.py_field("object") {
                    next.push((obj, ctx));
                }
                return;
            }
            "identifier" => {
                if self.is_free_identifier(node, up.parent) {
                    let n = self.name(node);
                    if matches!(n.text.as_str(), "globals" | "vars" | "exec" | "execfile") {
                        self.m.dynamic = true;
                    }
                    self.chains.push(NameUse { segments: vec![n] });
                }
                return;
            }
            _ => {}
        }
        let mut c = node.walk();
        next.extend(node.named_children(&mut c).map(|ch| (ch, ctx)));
    }

    /// A `try` with a handler for import failures: `except ImportError`, a tuple holding it,
    /// `ModuleNotFoundError`, `Exception`/`BaseException`, or a bare `except:`.
    fn catches_import_errors(&self, node: Node) -> bool {
        let mut c = node.walk();
        let clauses: Vec<Node> = node.named_children(&mut c).filter(|n| n.py_kind() == "except_clause").collect();
        clauses.into_iter().any(|clause| {
            let mut c = clause.walk();
            let values: Vec<Node> = clause.children_by_field_name("value", &mut c).collect();
            let Some(first) = values.first() else { return true };
            let text = self.slice(*first);
            text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| matches!(w, "ImportError" | "ModuleNotFoundError" | "Exception" | "BaseException"))
        })
    }

    /// `parent`: the node whose visit pushed `node` (its parent: a def's parts, pushed by the
    /// decorated definition around it, are never identifiers).
    fn is_free_identifier(&self, node: Node, parent: Option<Node>) -> bool {
        let Some(parent) = parent else {
            return true;
        };
        match parent.py_kind() {
            "keyword_argument" | "default_parameter" | "typed_default_parameter" | "typed_parameter" => {
                parent.py_field("name").map(|n| n.id()) != Some(node.id()) && parent.py_kind() != "typed_parameter"
            }
            "parameters" | "lambda_parameters" | "list_splat_pattern" | "dictionary_splat_pattern" => false,
            "dotted_name" | "aliased_import" => false,
            _ => true,
        }
    }

    /// `a.b.c` → its identifiers; `None` when the chain does not start at a plain identifier.
    fn chain(&self, node: Node) -> Option<Vec<Name>> {
        let mut rev = Vec::new();
        let mut n = node;
        while n.py_kind() == "attribute" {
            rev.push(self.name(n.py_field("attribute")?));
            n = n.py_field("object")?;
        }
        if n.py_kind() != "identifier" {
            return None;
        }
        rev.push(self.name(n));
        rev.reverse();
        Some(rev)
    }

    fn definition(&mut self, def: Node, whole: Node) {
        let Some(name) = def.py_field("name") else {
            return;
        };
        let kind = if def.py_kind() == "class_definition" { DefKind::Class } else { DefKind::Function };
        let docstring = def.py_field("body").and_then(|b| body_docstring(self.text, b));
        let name = self.name(name);
        self.m.defs.push(Def { name, kind, range: TextRange::new(whole.start_byte(), whole.end_byte()), docstring });
    }

    /// The names bound by the target in `field` of `node` (`for x in`, `(x := …)`, `except E as x`).
    fn bind_field(&mut self, node: Node, field: &str) {
        if let Some(target) = node.py_field(field) {
            self.bind_targets(target, node);
        }
    }

    /// String literals in the value given to `__all__`.
    fn all_names(&mut self, value: Node) {
        let mut stack = vec![value];
        while let Some(n) = stack.pop() {
            if n.py_kind() == "string" {
                if let Some(v) = self.text.get(n.byte_range()).and_then(string_value) {
                    self.m.all_names.push(v);
                }
                continue;
            }
            let mut c = n.walk();
            let children: Vec<Node> = n.named_children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
    }

    /// Every identifier bound by an assignment target (`a`, `a, (b, c)`, `[x, *y]`), not
    /// attributes or subscripts.
    fn bind_targets(&mut self, target: Node, stmt: Node) {
        self.bind_targets_depth(target, stmt, 0)
    }

    fn bind_targets_depth(&mut self, target: Node, stmt: Node, depth: u32) {
        if depth > 64 {
            return;
        }
        match target.py_kind() {
            "identifier" => {
                let name = self.name(target);
                let range = TextRange::new(stmt.start_byte(), stmt.end_byte());
                self.m.defs.push(Def { name, kind: DefKind::Variable, range, docstring: None });
            }
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "list_splat_pattern"
            | "parenthesized_expression"
            | "expression_list"
            | "as_pattern_target" => {
                let mut c = target.walk();
                let children: Vec<Node> = target.named_children(&mut c).collect();
                for ch in children {
                    self.bind_targets_depth(ch, stmt, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn import_statement(&mut self, node: Node, ctx: Ctx) {
        let range = TextRange::new(node.start_byte(), node.end_byte());
        let mut c = node.walk();
        let clauses: Vec<Node> = node.children_by_field_name("name", &mut c).collect();
        for clause in clauses {
            let (module, alias) = match clause.py_kind() {
                "dotted_name" => (self.dotted(clause), None),
                "aliased_import" => {
                    let Some(n) = clause.py_field("name") else {
                        continue;
                    };
                    (self.dotted(n), clause.py_field("alias").map(|a| self.name(a)))
                }
                _ => continue,
            };
            if module.segments.is_empty() {
                continue;
            }
            self.m.imports.push(Import {
                kind: ImportKind::Module { module, alias },
                range,
                top_level: ctx.top,
                guarded: ctx.guarded,
            });
        }
    }

    fn import_from(&mut self, node: Node, ctx: Ctx) {
        let range = TextRange::new(node.start_byte(), node.end_byte());
        let Some(module_node) = node.py_field("module_name") else {
            return;
        };
        let (level, module) = match module_node.py_kind() {
            "dotted_name" => (0, self.dotted(module_node)),
            "relative_import" => {
                let mut level = 0;
                let mut module = DottedName::default();
                let mut c = module_node.walk();
                for ch in module_node.named_children(&mut c) {
                    match ch.py_kind() {
                        "import_prefix" => level = self.slice(ch).chars().filter(|&c| c == '.').count() as u32,
                        "dotted_name" => module = self.dotted(ch),
                        _ => {}
                    }
                }
                (level, module)
            }
            _ => return,
        };
        let mut names = Vec::new();
        let mut c = node.walk();
        for clause in node.children_by_field_name("name", &mut c) {
            let imported = match clause.py_kind() {
                "dotted_name" => {
                    self.dotted(clause).segments.into_iter().next().map(|name| ImportedName { name, alias: None })
                }
                "aliased_import" => clause
                    .py_field("name")
                    .and_then(|n| self.dotted(n).segments.into_iter().next())
                    .map(|name| ImportedName { name, alias: clause.py_field("alias").map(|a| self.name(a)) }),
                _ => None,
            };
            names.extend(imported);
        }
        let mut c = node.walk();
        let star = node
            .named_children(&mut c)
            .find(|n| n.py_kind() == "wildcard_import")
            .map(|n| TextRange::new(n.start_byte(), n.end_byte()));
        if level == 0 && module.segments.is_empty() {
            return;
        }
        let kind = ImportKind::From { level, module, names, star };
        self.m.imports.push(Import { kind, range, top_level: ctx.top, guarded: ctx.guarded });
    }

    /// Re-parse, on its own, each line inside an ERROR region that starts with `import`/`from`
    /// and is not already covered by an import.
    ///
    /// Linear in the text: each line is visited once although sorted regions can share a line (a
    /// line's rescued imports lie inside it, so they never cover another line), and whether the
    /// walk's imports cover a line is a binary search. (Checking every import for every line made
    /// a megabyte of broken imports take seconds.)
    fn rescue_error_lines(&mut self, root: Node) {
        let mut errors = Vec::new();
        collect_errors(root, &mut errors);
        if errors.is_empty() {
            return;
        }
        // The walk's import ranges by start, each with the furthest end so far: an offset is
        // inside one of them when the furthest end of those starting at or before it is past it.
        let mut walked: Vec<(usize, usize)> =
            self.m.imports.iter().map(|i| (i.range.start as usize, i.range.end as usize)).collect();
        walked.sort_unstable();
        let mut reach = 0;
        for w in &mut walked {
            reach = reach.max(w.1);
            w.1 = reach;
        }
        let covered = |at: usize| {
            let i = walked.partition_point(|w| w.0 <= at);
            i > 0 && walked[i - 1].1 > at
        };
        let mut next = 0; // the start of the first line not visited yet
        for (start, end) in errors {
            let mut line_start = match self.text.get(next..start) {
                Some(before) => before.rfind('\n').map_or(next, |i| next + i + 1),
                None => next,
            };
            while line_start < end && line_start < self.text.len() {
                let line_end = self.text[line_start..].find('\n').map_or(self.text.len(), |i| line_start + i);
                let line = &self.text[line_start..line_end];
                let trimmed = line.trim_start();
                let indent = line.len() - trimmed.len();
                if !covered(line_start + indent) && (trimmed.starts_with("import ") || trimmed.starts_with("from ")) {
                    let sub = parse_inner(trimmed, false);
                    let top = indent == 0;
                    for mut imp in sub.imports {
                        shift_import(&mut imp, (line_start + indent) as i64);
                        imp.top_level = top;
                        self.m.imports.push(imp);
                    }
                }
                line_start = line_end + 1;
            }
            next = next.max(line_start);
        }
    }
}

/// Byte ranges of the outermost ERROR nodes.
fn collect_errors(root: Node, out: &mut Vec<(usize, usize)>) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() {
            out.push((node.start_byte(), node.end_byte()));
        } else if node.has_error() {
            let mut c = node.walk();
            stack.extend(node.children(&mut c));
        }
    }
    out.sort_unstable();
}

/// Walk a def/class except its name: parameters' defaults, bases and body (not top level).
fn walk_def_parts<'n>(def: Node<'n>, ctx: Ctx, next: &mut Vec<(Node<'n>, Ctx)>) {
    let name = def.py_field("name").map(|n| n.id());
    let mut c = def.walk();
    let inner = Ctx { top: false, ..ctx };
    next.extend(def.named_children(&mut c).filter(|ch| Some(ch.id()) != name).map(|ch| (ch, inner)));
}

/// Where the walker is: at module level (only compound statements crossed, no def/class), and
/// inside code that runs only in some environments (an `ImportError` guard, `TYPE_CHECKING`, a
/// version test), where a failing import is expected.
/// What a visited node needs of its ancestors.
#[derive(Clone, Copy)]
struct Up<'n> {
    /// The node whose visit pushed this one.
    parent: Option<Node<'n>>,
    /// The `expression_statement` this node is part of through assignments only (`a = b = 1`):
    /// the range of the definitions an assignment makes.
    statement: Option<Node<'n>>,
}

#[derive(Clone, Copy)]
struct Ctx {
    top: bool,
    guarded: bool,
}

/// An `if` condition that tests the environment rather than the program: `TYPE_CHECKING`,
/// `sys.version_info`, `sys.platform`, `six.PY2`, `IRONPYTHON`…
fn is_environment_test(cond: &str) -> bool {
    cond.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| {
        matches!(
            w,
            "TYPE_CHECKING"
                | "version_info"
                | "version"
                | "hexversion"
                | "platform"
                | "implementation"
                | "PY2"
                | "PY3"
                | "PY34"
                | "IRONPY"
                | "IRONPYTHON"
                | "IronPython"
                | "PY_VERSION"
        )
    })
}

/// The first identifier in a subtree (the name in `type X[T] = …`).
fn first_identifier(node: Node) -> Option<Node> {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.py_kind() == "identifier" {
            return Some(n);
        }
        let mut c = n.walk();
        let children: Vec<Node> = n.named_children(&mut c).collect();
        stack.extend(children.into_iter().rev());
    }
    None
}

fn shift_import(imp: &mut Import, by: i64) {
    shift(&mut imp.range, by);
    match &mut imp.kind {
        ImportKind::Module { module, alias } => {
            module.segments.iter_mut().for_each(|s| shift(&mut s.range, by));
            if let Some(a) = alias {
                shift(&mut a.range, by);
            }
        }
        ImportKind::From { module, names, star, .. } => {
            module.segments.iter_mut().for_each(|s| shift(&mut s.range, by));
            for n in names {
                shift(&mut n.name.range, by);
                if let Some(a) = &mut n.alias {
                    shift(&mut a.range, by);
                }
            }
            if let Some(s) = star {
                shift(s, by);
            }
        }
    }
}

/// The docstring of a module or a def/class body: its first statement when that is a string.
fn body_docstring(text: &str, body: Node) -> Option<String> {
    let mut c = body.walk();
    let first = body.named_children(&mut c).find(|n| n.py_kind() != "comment")?;
    if first.py_kind() != "expression_statement" {
        return None;
    }
    let s = first.named_child(0)?;
    if s.py_kind() != "string" {
        return None;
    }
    string_value(text.get(s.byte_range())?)
}

/// The content of a string literal with its prefix and quotes removed, dedented like `inspect.cleandoc`.
fn string_value(literal: &str) -> Option<String> {
    let q = literal.find(['"', '\''])?;
    let body = &literal[q..];
    let quote = if body.starts_with("\"\"\"") || body.starts_with("'''") { &body[..3] } else { &body[..1] };
    let inner = body.strip_prefix(quote)?;
    let inner = inner.strip_suffix(quote).unwrap_or(inner);
    Some(clean_doc(inner))
}

fn clean_doc(doc: &str) -> String {
    let mut lines = doc.lines();
    let first = lines.next().unwrap_or("").trim().to_string();
    let rest: Vec<&str> = lines.collect();
    let indent =
        rest.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let mut out = vec![first];
    for l in rest {
        out.push(l.get(indent..).unwrap_or(l.trim_start()).trim_end().to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports(src: &str) -> Vec<String> {
        parse_python(src)
            .imports
            .iter()
            .map(|i| match &i.kind {
                ImportKind::Module { module, alias } => {
                    format!(
                        "import {}{}",
                        module.dotted(),
                        alias.as_ref().map(|a| format!(" as {}", a.text)).unwrap_or_default()
                    )
                }
                ImportKind::From { level, module, names, star } => {
                    let names: Vec<String> = names
                        .iter()
                        .map(|n| {
                            format!(
                                "{}{}",
                                n.name.text,
                                n.alias.as_ref().map(|a| format!(" as {}", a.text)).unwrap_or_default()
                            )
                        })
                        .collect();
                    format!(
                        "from {}{} import {}{}",
                        ".".repeat(*level as usize),
                        module.dotted(),
                        names.join(", "),
                        if star.is_some() { "*" } else { "" }
                    )
                }
            })
            .collect()
    }

    #[test]
    fn all_import_forms() {
        let src = "import a.b.c\nimport a.b as x, d\nfrom m.n import c, e as f\nfrom . import x\nfrom ..pkg import y\nfrom .mod import *\n";
        assert_eq!(
            imports(src),
            [
                "import a.b.c",
                "import a.b as x",
                "import d",
                "from m.n import c, e as f",
                "from . import x",
                "from ..pkg import y",
                "from .mod import *",
            ]
        );
    }

    #[test]
    fn segment_ranges_point_at_the_text() {
        let src = "from  mylib.sub import thing as t\n";
        let m = parse_python(src);
        let ImportKind::From { module, names, .. } = &m.imports[0].kind else { panic!() };
        for s in &module.segments {
            assert_eq!(&src[s.range.as_usize()], s.text);
        }
        assert_eq!(&src[names[0].name.range.as_usize()], "thing");
        assert_eq!(&src[names[0].alias.as_ref().unwrap().range.as_usize()], "t");
        assert_eq!(module.segment_at(src.find("sub").unwrap() + 1), Some(1));
    }

    #[test]
    fn ironpython2_syntax_does_not_hide_imports() {
        let src = "import before\nprint \"hello\"\ntry:\n    import foo\nexcept Exception, e:\n    print e\nexec \"x = 1\"\nprint >>f, \"x\"\ny = 0777\nif a <> b: pass\nfrom after import thing\nimport last\n";
        assert_eq!(imports(src), ["import before", "import foo", "from after import thing", "import last"]);
    }

    #[test]
    fn broken_code_keeps_imports_around_it() {
        let src = "import first\ndef f(:\n    import inner\nx = (1,\nfrom lib1 import a\nclass C\n    pass\nimport second\ns = \"unterminated\nimport after\n";
        let got = imports(src);
        for want in ["import first", "import inner", "from lib1 import a", "import second", "import after"] {
            assert!(got.contains(&want.to_string()), "{want} missing from {got:?}");
        }
    }

    #[test]
    fn imports_swallowed_by_error_nodes_are_rescued() {
        // tree-sitter folds all three lines into one ERROR node here.
        let src = "x = [1, 2\nimport foo.bar as fb\ny = 3\nif x\n    from pkg import a, b\n";
        let m = parse_python(src);
        assert_eq!(imports(src), ["import foo.bar as fb", "from pkg import a, b"]);
        let ImportKind::Module { module, alias } = &m.imports[0].kind else { panic!() };
        assert_eq!(&src[module.segments[1].range.as_usize()], "bar");
        assert_eq!(&src[alias.as_ref().unwrap().range.as_usize()], "fb");
        assert_eq!((m.imports[0].top_level, m.imports[1].top_level), (true, false));
    }

    #[test]
    fn each_swallowed_import_line_is_rescued_once_however_many_error_regions_share_it() {
        // tree-sitter leaves three ERROR regions here, two of them on the swallowed import's
        // line; then many broken import lines (the loop visits each line once: checking every
        // import for every line was quadratic).
        let mut src = String::from("if x\n    from pkg import a, b ; g(]) ; k(])\n");
        for i in 0..200 {
            src.push_str(&format!("x = [1, 2\nimport m{i} ]) ; g(]) ; k(])\n"));
        }
        let got = imports(&src);
        assert_eq!(got.iter().filter(|i| *i == "from pkg import a, b").count(), 1, "{got:?}");
        for i in [0, 199] {
            assert_eq!(got.iter().filter(|g| **g == format!("import m{i}")).count(), 1, "{got:?}");
        }
    }

    #[test]
    fn defs_docstrings_and_top_level() {
        let src = "\"\"\"Module doc.\n\n    More.\n\"\"\"\nimport os\nX = 1\na, (b, c) = 1, (2, 3)\n\ndef f():\n    '''F doc.'''\n    import inside\n    y = 2\n\n@deco\nclass K(object):\n    \"K doc\"\ntry:\n    from fast import impl\nexcept ImportError:\n    impl = None\nfor i in range(3): pass\n";
        let m = parse_python(src);
        assert_eq!(m.docstring.as_deref(), Some("Module doc.\n\nMore."));
        let names: Vec<(&str, DefKind)> = m.defs.iter().map(|d| (d.name.text.as_str(), d.kind)).collect();
        assert_eq!(
            names,
            [
                ("X", DefKind::Variable),
                ("a", DefKind::Variable),
                ("b", DefKind::Variable),
                ("c", DefKind::Variable),
                ("f", DefKind::Function),
                ("K", DefKind::Class),
                ("impl", DefKind::Variable),
                ("i", DefKind::Variable),
            ]
        );
        assert_eq!(m.def("f").unwrap().docstring.as_deref(), Some("F doc."));
        assert_eq!(m.def("K").unwrap().docstring.as_deref(), Some("K doc"));
        assert!(m.def("K").unwrap().range.start < src.find("class").unwrap() as u32);
        let tops: Vec<(String, bool)> = m.imports.iter().map(|i| (i.module().dotted(), i.top_level)).collect();
        assert_eq!(tops, [("os".into(), true), ("inside".into(), false), ("fast".into(), true)]);
        assert!(!m.dynamic);
    }

    #[test]
    fn uses_of_imported_names() {
        let src = "import a.b\nfrom m import f as g\nx = a.b.c(1)\ng(key=g)\nother.thing\ndef h(g=1): pass\n";
        let m = parse_python(src);
        let uses: Vec<String> =
            m.uses.iter().map(|u| u.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(".")).collect();
        assert_eq!(uses, ["a.b.c", "g", "g"]);
        let c = &m.uses[0].segments[2];
        assert_eq!(&src[c.range.as_usize()], "c");
    }

    #[test]
    fn dynamic_modules_and_globals() {
        assert!(parse_python("globals()['x'] = 1\n").dynamic);
        assert!(parse_python("exec \"y = 2\"\n").dynamic);
        assert!(parse_python("def __getattr__(name): pass\n").dynamic);
        assert!(parse_python("def register(name):\n    globals()[name] = 1\n").dynamic);
        assert!(parse_python("x = (\n").has_errors);
        let with = parse_python("with open(p) as (a, b):\n    pass\n");
        assert_eq!(with.defs.iter().map(|d| d.name.text.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        let m = parse_python("def setup():\n    global CONFIG\n    CONFIG = 1\n");
        assert_eq!(m.globals, ["CONFIG"]);
        assert!(!m.dynamic);
        assert!(parse_python("from __future__ import absolute_import\n").absolute_import);
    }

    #[test]
    fn every_binding_form_defines_a_name() {
        let src = "type Alias = list[int]\ntype Gen[T] = dict[str, T]\nif (w := 1):\n    pass\ntry:\n    pass\nexcept ValueError as err:\n    pass\ntry:\n    pass\nexcept ValueError, old:\n    pass\nmatch x:\n    case [first, *rest]:\n        pass\n    case {'k': val} as whole:\n        pass\nwith a as (b, c):\n    pass\nfor i, j in []:\n    pass\nif cond:\n    COND = 1\nelse:\n    def COND(): pass\n";
        let m = parse_python(src);
        let names: Vec<&str> = m.defs.iter().map(|d| d.name.text.as_str()).collect();
        for want in ["Alias", "Gen", "w", "err", "old", "first", "val", "whole", "b", "c", "i", "j", "COND"] {
            assert!(names.contains(&want), "{want} missing from {names:?}");
        }
        assert!(!names.contains(&"T") && !names.contains(&"x"), "{names:?}");
    }

    #[test]
    fn dunder_all_lists_public_names() {
        let m = parse_python("__all__ = ['a', \"b\"]\n__all__ += ('c',)\n__all__.extend(['d'])\n__all__.append('e')\n");
        assert_eq!(m.all_names, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn guarded_imports() {
        let src = "import plain\ntry:\n    import a\nexcept ImportError:\n    a = None\ntry:\n    import b\nexcept (OSError, ImportError):\n    pass\ntry:\n    import c\nexcept:\n    pass\ntry:\n    import d\nexcept Exception as e:\n    pass\ntry:\n    import e\nexcept KeyError:\n    import f\nif TYPE_CHECKING:\n    import g\nif sys.version_info[0] >= 3:\n    import h\nelse:\n    import i\ndef lazy():\n    try:\n        import j\n    except ImportError:\n        pass\n";
        let m = parse_python(src);
        let got: Vec<(String, bool)> = m.imports.iter().map(|i| (i.module().dotted(), i.guarded)).collect();
        let want: Vec<(String, bool)> = [
            ("plain", false),
            ("a", true),
            ("b", true),
            ("c", true),
            ("d", true),
            ("e", false),
            ("f", false),
            ("g", true),
            ("h", true),
            ("i", true),
            ("j", true),
        ]
        .iter()
        .map(|(n, g)| (n.to_string(), *g))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn garbage_never_panics() {
        for src in
            ["", "\u{feff}import x", "from", "import", "from . import", "from .. import (", "\"\"\"", "é = 1\nimport ü"]
        {
            let _ = parse_python(src);
        }
        let deep = format!("x = {}1{}\nimport after\n", "(".repeat(20_000), ")".repeat(20_000));
        assert_eq!(imports(&deep), ["import after"]);
        let long = format!("import m\nm{}\n", ".a".repeat(20_000));
        assert_eq!(parse_python(&long).uses[0].segments.len(), 20_001);
    }
}
