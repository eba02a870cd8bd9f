//! YAML → [`MetaDocument`]: tree-sitter-yaml lowered into the spanned model.
//!
//! Fast path: the first document parses without errors and is lowered as is. Otherwise the
//! document is recovered block by block: the region is cut into chunks at its base indentation
//! (one top-level key, or one `- ` item, each), every chunk is parsed on its own, clean chunks are
//! kept, and a broken chunk is narrowed down (nested body recursed into, or the longest clean
//! prefix of its lines kept) so that exactly one error covers each broken region and everything
//! around it stays in the model.
//!
//! Long block scalars (`tooltip: |` with thousands of lines) are parsed with the middle of their
//! body left out ([`block_scalar_gaps`]): tree-sitter sees the header, the first and the last
//! lines, and lowering reads the whole scalar from the text. The result is the same (the left-out
//! lines are plain content lines the scanner would only have consumed), parsing costs what the
//! rest of the file costs, and tree-sitter-yaml's 16-bit row counter no longer wraps inside
//! such a scalar (it flagged valid scalars of about 32,768 lines and more as broken).
//!
//! That counter ([`ROW_LIMIT`]) also bounds everything else: a first document of more line breaks
//! than that (outside gaps; `\r` counts too) is never parsed whole. It goes through the
//! recovery's cutting instead, with `exact` set: a block of too many lines is parsed as runs of
//! whole chunks that stay within the limit, cut only before a `key:` or `- ` line at the block's
//! column; a single chunk too long for one parse (`key:` or `-` with its body on the lines below)
//! has its body recovered the same way, one level in. Clean runs are put together into the model
//! the whole parse gives: a block ends at the last non-blank line before what follows (where
//! tree-sitter ends it; a run's parse would have ended it at the run's end), a sequence starts at
//! its first `-`, a key is read from its line parsed alone. A broken run is recovered chunk by
//! chunk as usual, so real errors are reported at their place. Documents within the limit (every
//! real file) take the one-parse path as before; tests compare runs of a few lines with the
//! whole parse. Runs are also cut where the text says (before a chunk whose first line hashes to
//! a multiple of [`RUN_SPLIT`]), so an edit changes only the runs around it; each clean run's
//! nodes are recorded ([`Runs`], kept in [`YamlReuse`]), and the next version ([`reparse_yaml`])
//! moves the nodes of every run of unchanged text out of the previous model instead of parsing
//! it: a keystroke in a 10 MB list parses one run of a few kilobytes (and the last run of each
//! block). A run's nodes depend on its text alone, so the result is a fresh parse's (random edit
//! sessions in `tests/yaml_rows.rs` compare the two). Known gap: in a block that is cut, a line indented between two levels (`k:` at
//! column 4, then `odd:` at column 3) starts a run of its own and parses clean, so over the limit
//! that error goes unreported (a missed error rather than a false one).

use std::sync::{Arc, LazyLock};

use tree_sitter::{Parser, Point, Range, Tree, TreeCursor};

type FieldId = std::num::NonZeroU16;

use super::kinds::YAML;
use super::lines::{line_iter, lines, split_key, Line};
use super::model::*;
use super::yaml_scalar;
use crate::base::hash::text_hash;
use crate::base::TextRange;
use runs::Runs;

mod freeing;
mod runs;

/// Lowering recursion limit (tree levels; a YAML nesting level is two or three of them).
const MAX_DEPTH: usize = 300;
/// Broken chunks larger than this are reported whole, without looking for a clean prefix.
const PREFIX_SEARCH_MAX_BYTES: usize = 1 << 20;
/// Error-recovery recursion limit (indentation levels).
const MAX_RECOVERY_DEPTH: usize = 64;

/// Block scalar bodies shorter than this are parsed whole.
const GAP_MIN_BYTES: usize = 16 * 1024;

/// The most line breaks a region handed to tree-sitter-yaml may hold. Its scanner keeps its row in
/// an `int16_t` that counts every `\n` and every `\r` it passes (a CRLF line counts two): content
/// on row 32,768 or later wraps the counter, and valid YAML is flagged broken (upstream issues
/// tree-sitter-grammars/tree-sitter-yaml #23 and #49). Its column is an `int16_t` too, but only
/// an implicit key longer than 32,767 characters notices, and YAML allows 1,024 at most.
const ROW_LIMIT: usize = 32_767;

/// Parses YAML text. Only the first document is modelled; later ones are counted.
pub fn parse_yaml(text: &str) -> MetaDocument {
    parse_yaml_with(text, GAP_MIN_BYTES)
}

/// [`parse_yaml`], leaving out of tree-sitter's view the middle of block scalar bodies of at least
/// `gap_min_bytes` (tests compare `1` with `usize::MAX`: both give the same model).
pub(crate) fn parse_yaml_with(text: &str, gap_min_bytes: usize) -> MetaDocument {
    parse_yaml_reusable_with(text, gap_min_bytes).0
}

/// What the next version of a YAML file can reuse of this one's parse ([`reparse_yaml`]): the
/// gaps left out of a clean parse of the whole first document (none after error recovery).
#[derive(Clone, Debug, Default)]
pub struct YamlReuse {
    gaps: Box<[Gap]>,
    /// The nesting guard's columns of the first document ([`scanner_columns`]), with the gaps.
    columns: Box<[usize]>,
    /// Where the values of the lines of the gap last edited start.
    marks: Option<Box<Marks>>,
    /// A document over the limit: the clean runs it was parsed in ([`Runs`]).
    runs: Option<std::sync::Arc<Runs>>,
    /// This version was patched into the previous one's model (in a gap), not parsed (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    patched: bool,
    /// This version's edit was the one the editor told, not found by comparing the texts (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    told: bool,
}

impl YamlReuse {
    /// Nothing to reuse: the next version is parsed from scratch.
    pub fn is_empty(&self) -> bool {
        self.gaps.is_empty() && self.runs.is_none()
    }

    /// How many runs of the last parse were reused from the one before (tests).
    #[cfg(test)]
    pub(crate) fn runs_reused(&self) -> (usize, usize) {
        self.runs.as_ref().map_or((0, 0), |r| r.reused_of())
    }

    /// How many runs of the last parse were cut by scanning their lines (tests).
    #[cfg(test)]
    pub(crate) fn runs_scanned(&self) -> usize {
        self.runs.as_ref().map_or(0, |r| r.scanned())
    }

    /// How many blocks of the last parse took nodes from the one before in place, and how many
    /// moved them (tests).
    #[cfg(test)]
    pub(crate) fn runs_placed(&self) -> [usize; 2] {
        self.runs.as_ref().map_or([0; 2], |r| r.placed())
    }

    /// The last version was reparsed from the one before, in a block scalar's gap.
    #[cfg(test)]
    pub(crate) fn patched(&self) -> bool {
        self.patched
    }

    /// This version's edit was the one the editor told (tests).
    #[cfg(test)]
    pub(crate) fn told(&self) -> bool {
        self.told
    }

    #[cfg(test)]
    pub(crate) fn gaps(&self) -> Vec<(usize, usize, usize, usize, usize)> {
        self.gaps.iter().map(|g| (g.header, g.body, g.start, g.end, g.indent)).collect()
    }
}

/// [`parse_yaml`], and what the next version can reuse of it.
pub fn parse_yaml_reusable(text: &str) -> (MetaDocument, YamlReuse) {
    parse_yaml_reusable_with(text, GAP_MIN_BYTES)
}

pub(crate) fn parse_yaml_reusable_with(text: &str, gap_min_bytes: usize) -> (MetaDocument, YamlReuse) {
    parse_yaml_limited(text, gap_min_bytes, ROW_LIMIT)
}

/// [`parse_yaml_reusable_with`], handing tree-sitter no region of more than `row_limit` line
/// breaks (tests use small limits: the model must not change). A longer first document is parsed
/// as runs of whole blocks ([`YamlParser::recover_block`]), put together into the model the whole
/// parse gives; it keeps its clean runs ([`Runs`]) for [`reparse_yaml`].
pub(crate) fn parse_yaml_limited(text: &str, gap_min_bytes: usize, row_limit: usize) -> (MetaDocument, YamlReuse) {
    parse_yaml_runs(text, gap_min_bytes, row_limit, None)
}

/// The `reparse` fuzz target's session (`fuzz/fuzz_targets/reparse.rs`), kept here so that the
/// inputs it found replay as tests: parses and reparses with the row limit and the smallest gap
/// the input picks, so that small inputs reach the runs and the patched block scalars. Not for
/// anything else.
#[doc(hidden)]
pub mod fuzzing {
    /// The first two bytes pick the row limit and the smallest gap; the rest is the first text,
    /// then edits, each after a 0xFF byte: three bytes (where, how much goes, how it is told),
    /// then the inserted text. Every version is made from the previous one's model (told the
    /// edit or not; when told, sometimes wider on the left, as an editor's change that rewrote
    /// more than it changed) and must equal a fresh parse with the same limits: panics if not.
    pub fn reparse_session(data: &[u8]) {
        let Some((&[limit, gap], rest)) = data.split_first_chunk::<2>() else { return };
        let limit = [1, 2, 3, 5, 8, 20, 500, usize::MAX][limit as usize % 8];
        let gap = [1, 8, 64, usize::MAX][gap as usize % 4];
        let mut parts = rest.split(|&b| b == 0xFF);
        let mut text = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
        let (mut doc, mut reuse) = super::parse_yaml_limited(&text, gap, limit);
        for edit in parts.take(64) {
            let Some((&[at, cut, how], insert)) = edit.split_first_chunk::<3>() else { continue };
            let insert = String::from_utf8_lossy(insert);
            let mut lo = text.len() * at as usize / 255;
            while !text.is_char_boundary(lo) {
                lo -= 1;
            }
            let mut hi = (lo + cut as usize % 32).min(text.len());
            while !text.is_char_boundary(hi) {
                hi += 1;
            }
            let old = text.clone();
            text.replace_range(lo..hi, &insert);
            let new_hi = lo + insert.len();
            let known = match how % 3 {
                0 => None,
                1 => Some((lo, hi, new_hi)),
                _ => Some((lo - lo.min(how as usize), hi, new_hi)),
            };
            let known = known.filter(|&(l, _, _)| old.is_char_boundary(l));
            let next = super::reparse_yaml_with(&old, doc, &reuse, &text, gap, known);
            (doc, reuse) = next.unwrap_or_else(|| super::parse_yaml_limited(&text, gap, limit));
            let fresh = super::parse_yaml_limited(&text, gap, limit).0;
            assert_eq!(doc, fresh, "limit {limit}, gap {gap}, edit {lo}..{hi} → {insert:?}");
        }
    }
}

/// The most entries or items a reparse leaves in the previous model and frees on its own thread
/// (about 50 µs): more are freed on another ([`freeing`]).
const FREE_HERE_MAX_NODES: usize = 1024;

/// [`parse_yaml_limited`], taking the clean runs of a document over the limit from `old` (the
/// previous version's text, [`Runs`], model and the edit since) where their text is unchanged;
/// it keeps the runs of this one.
fn parse_yaml_runs<'t>(
    text: &'t str,
    gap_min_bytes: usize,
    row_limit: usize,
    old: Option<(&'t str, Arc<Runs>, Option<Node>, runs::Edit)>,
) -> (MetaDocument, YamlReuse) {
    // No line starts with a document marker or a directive: the whole text is the document. (The
    // previous version had none: only the edited lines are searched.)
    let no_markers = match &old {
        Some((_, runs, _, edit)) if runs.no_markers => !has_markers(text.get(edit.lo..edit.new_hi).unwrap_or_default()),
        _ => !has_markers(text),
    };
    let (start, end, extra_documents) = if no_markers { (0, text.len(), 0) } else { first_document_by_lines(text) };
    if old.is_some() {
        freeing::wait();
    }
    let mut p = YamlParser::new(text, gap_min_bytes, old.as_ref().map(|(_, runs, _, edit)| (&**runs, *edit)));
    p.row_limit = row_limit;
    p.doc_end = end;
    let mut errors = Vec::new();
    let mut reuse = YamlReuse::default();
    let over = p.over_limit(start, end);
    p.exact = over;
    if over {
        if let Some((old_text, runs, root, edit)) = old {
            p.taken = vec![false; runs.len()];
            (p.old_text, p.old_runs, p.old_root, p.edit) = (old_text, Some(runs), root, Some(edit));
        }
        p.runs = Some(Runs::new(p.old_runs.as_deref(), row_limit));
    }
    let root = match if over { None } else { p.parse(start, end) } {
        Some(tree) if !tree.root_node().has_error() => {
            let root = lower_tree(&tree, text);
            if p.gapped {
                reuse.gaps = p.gaps_in(start, end).into();
                reuse.columns = std::mem::take(&mut p.columns).into_iter().collect();
                reuse.marks = root.as_ref().and_then(|root| largest_gap_marks(text, root, &reuse.gaps));
            }
            root
        }
        _ => {
            let root = p.recover_block(start, end, &mut errors);
            if errors.is_empty() && !over {
                errors.push(p.classify(start, end, None));
            }
            root
        }
    };
    // What is left of the previous version is freed here when it is little (the runs around the
    // edit: the rest is in the new model), else on another thread (hundreds of thousands of
    // nodes, when few runs were taken): the new model is ready now.
    let left = (p.old_root.take(), p.old_runs.take());
    if left.1.as_ref().is_some_and(|runs| runs.left_after(&p.taken) <= FREE_HERE_MAX_NODES) {
        drop(left);
    } else if left.0.is_some() {
        freeing::free_later(left);
    }
    reuse.runs = p.runs.take().map(|runs| Arc::new(runs.with_breaks(p.newlines, p.returns, no_markers, p.no_scalars)));
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    (MetaDocument { format: Format::Yaml, root, errors, extra_documents }, reuse)
}

/// [`parse_yaml_reusable`] of `new`, the next version of `old_text` (parsed into `old` and `reuse`),
/// without parsing: when the one edit between the two texts (their common prefix and suffix) lies
/// in a gap, the middle of a long block scalar's body that tree-sitter never saw, and leaves only
/// lines a gap may hold there, every pass gives what it gave before but for that scalar: the
/// first document, the nesting guard (the new lines open no level), the gaps (the edited one
/// grows or shrinks, the later ones move), the tree (the same less the gaps). So the model is
/// `old` with the scalar's value read again and every offset after the edit moved; the passes
/// over the whole text are skipped. `None` when the edit is anywhere else: parse from scratch.
/// A document over the limit is parsed again, but its runs of unchanged text are taken from
/// `old` ([`Runs`]): never `None`.
pub fn reparse_yaml(
    old_text: &str,
    old: MetaDocument,
    reuse: &YamlReuse,
    new: &str,
) -> Option<(MetaDocument, YamlReuse)> {
    reparse_yaml_with(old_text, old, reuse, new, GAP_MIN_BYTES, None)
}

/// [`reparse_yaml`] when the edit is known: `old_text[lo..old_hi]` became `new[lo..new_hi]` and the
/// rest is the same (the editor said so); the two texts are not compared for it. An `edit` that
/// does not fit the two lengths is not used.
pub fn reparse_yaml_edited(
    old_text: &str,
    old: MetaDocument,
    reuse: &YamlReuse,
    new: &str,
    edit: Option<(usize, usize, usize)>,
) -> Option<(MetaDocument, YamlReuse)> {
    reparse_yaml_with(old_text, old, reuse, new, GAP_MIN_BYTES, edit)
}

pub(crate) fn reparse_yaml_with(
    old_text: &str,
    mut doc: MetaDocument,
    reuse: &YamlReuse,
    new: &str,
    gap_min_bytes: usize,
    known: Option<(usize, usize, usize)>,
) -> Option<(MetaDocument, YamlReuse)> {
    if let Some(runs) = &reuse.runs {
        // Over the limit: parsed again, but only the runs whose text changed; the others' nodes
        // are taken from `doc`.
        let edit = runs::Edit::between(old_text, new, known);
        let (doc, reuse) =
            parse_yaml_runs(new, gap_min_bytes, runs.row_limit, Some((old_text, runs.clone(), doc.root, edit)));
        return Some((doc, YamlReuse { told: edit.told, ..reuse }));
    }
    if reuse.gaps.is_empty() || !doc.errors.is_empty() {
        return None;
    }
    let (ob, nb) = (old_text.as_bytes(), new.as_bytes());
    // The edited lines: from the start of the line of the edit's first byte to the `\n` that ends
    // the line of its last (the same text after it in both versions).
    let edit = runs::Edit::between(old_text, new, known);
    if !edit.ends_line {
        return None;
    }
    let (line_start, old_line_end, new_line_end, told) = (edit.lo, edit.old_hi - 1, edit.new_hi - 1, edit.told);
    // The gap holding them, its last line (which stays in view) untouched.
    let g = *reuse.gaps.get(reuse.gaps.partition_point(|g| g.end <= old_line_end))?;
    if line_start < g.start {
        return None;
    }
    let moved = |x: usize| x + nb.len() - ob.len();
    let new_gap_end = moved(g.end);
    if new_gap_end - g.start < gap_min_bytes.max(1) {
        return None;
    }
    // Lines a gap may hold, whose columns keep the nesting guard's count within its limit (the
    // count kept may include columns of lines gone since: it is never below the true one).
    let mut columns = reuse.columns.iter().copied().collect();
    for l in new[line_start..new_line_end].split('\n') {
        let blank = gap_line(l, g.indent)?;
        let rest = l.trim_end_matches('\r').trim_start_matches(' ');
        if !blank && !add_columns(rest, l.len() - l.trim_start_matches(' ').len(), &mut columns) {
            return None;
        }
    }
    // Offsets from the gap's end on move with the text; none lies inside a gap (tree-sitter did
    // not see those bytes): the model's scalar that holds the gap spans it.
    let shift = |r: &mut TextRange| {
        for x in [&mut r.start, &mut r.end] {
            if *x as usize >= g.end {
                *x = moved(*x as usize) as u32;
            }
        }
    };
    let mut scalar = None;
    if let Some(root) = doc.root.as_mut() {
        shift_node(root, &shift, &mut |n| {
            if (n.range.start as usize) < g.start && n.range.end as usize >= new_gap_end {
                scalar = Some(n.range);
            }
        });
    }
    let range = scalar?;
    let edit = LineEdit { line_start, old_line_end };
    // The value is the body lines' values one after the other (each joined to the one before by
    // the style's rule): only the edited lines' part changes.
    let scalar = scalar_at(doc.root.as_mut()?, range)?;
    let folded = scalar.style == ScalarStyle::Folded;
    let old_marks = match &reuse.marks {
        Some(m) if m.header == g.header => m.at.clone(),
        _ => body_marks(old_text, range.start as usize, &g, folded)?,
    };
    // (The scalar ends after the gap: where it ended in the old text.)
    let old_end = range.end as usize + ob.len() - nb.len();
    let at = patch_body(&mut scalar.text, old_marks, (old_text, new), (&g, old_end), &edit, folded)?;
    let marks = Some(Box::new(Marks { header: g.header, at }));
    let gaps = reuse.gaps.iter().map(|&x| match x.header.cmp(&g.header) {
        std::cmp::Ordering::Less => x,
        std::cmp::Ordering::Equal => Gap { end: new_gap_end, ..x },
        std::cmp::Ordering::Greater => {
            Gap { header: moved(x.header), body: moved(x.body), start: moved(x.start), end: moved(x.end), ..x }
        }
    });
    Some((
        doc,
        YamlReuse {
            gaps: gaps.collect(),
            columns: columns.into_iter().collect(),
            marks,
            runs: None,
            patched: true,
            told,
        },
    ))
}

/// The edited lines of [`reparse_yaml`]: from `line_start` to the `\n` ending them, at
/// `old_line_end` in the old text.
struct LineEdit {
    line_start: usize,
    old_line_end: usize,
}

/// Where the values of a block scalar's gap lines start, every [`MARK_LINES`] lines of the gap of
/// the scalar whose header starts at `header`.
#[derive(Clone, Debug)]
struct Marks {
    header: usize,
    at: Vec<Mark>,
}

/// The value made of a block scalar's body up to the line starting at `line`.
#[derive(Clone, Copy, Debug)]
struct Mark {
    line: usize,
    /// Length of the value so far.
    value: usize,
    /// Folded: the last non-empty line was more indented.
    more: bool,
    /// Folded: empty lines since then.
    pending: usize,
}

/// (A few lines in tests, so that the random edits move and drop marks.)
const MARK_LINES: usize = if cfg!(test) { 3 } else { 1024 };

/// A gap line's own part of the value (`l` without its `\n`, in a body indented by `indent`):
/// the line less its indentation and its `\r`.
fn body_line(l: &str, indent: usize) -> &str {
    let l = l.trim_end_matches('\r');
    // (Gap lines start with at least `indent` spaces or are blank: never off a char boundary.)
    l.get(indent.min(l.len())..).unwrap_or("")
}

impl Mark {
    /// Adds the next body line (`yaml_scalar::block`'s rules, for a line after a content line):
    /// literal, `\n` and the line; folded, the line break folded to a space between two plain
    /// lines, kept next to a more indented one, empty lines as line breaks. With `out`, the
    /// added text is written to it.
    fn push(&mut self, line: &str, folded: bool, mut out: Option<&mut String>) {
        let mut put = |s: &str, n: usize| {
            self.value += s.len() * n;
            if let Some(o) = out.as_deref_mut() {
                o.extend(std::iter::repeat_n(s, n));
            }
        };
        if !folded {
            put("\n", 1);
            put(line, 1);
        } else if line.is_empty() {
            self.pending += 1;
        } else {
            let more = line.starts_with([' ', '\t']);
            match (self.more || more, self.pending) {
                (true, p) => put("\n", p + 1),
                (false, 0) => put(" ", 1),
                (false, p) => put("\n", p),
            }
            put(line, 1);
            (self.more, self.pending) = (more, 0);
        }
    }
}

/// [`Marks`] of the largest gap, counted now (at open) rather than on the first keystroke in it:
/// a 10 MB scalar's lines take milliseconds to count.
fn largest_gap_marks(text: &str, root: &Node, gaps: &[Gap]) -> Option<Box<Marks>> {
    let g = gaps.iter().max_by_key(|g| g.end - g.start)?;
    let mut n = root;
    // Down to the block scalar holding the gap.
    let (start, folded) = loop {
        let holds = |c: &&Node| (c.range.start as usize) < g.start && c.range.end as usize >= g.end;
        n = match &n.value {
            Value::Scalar(s) => break (n.range.start as usize, s.style == ScalarStyle::Folded),
            Value::Sequence(sq) => sq.items.iter().find(holds)?,
            Value::Mapping(m) => m.entries.iter().filter_map(|e| e.value.as_ref()).find(holds)?,
        };
    };
    Some(Box::new(Marks { header: g.header, at: body_marks(text, start, g, folded)? }))
}

/// [`Marks`] of gap `g` of the block scalar starting at `scalar_start`, counted through its lines.
fn body_marks(text: &str, scalar_start: usize, g: &Gap, folded: bool) -> Option<Vec<Mark>> {
    // The value of the lines before the gap: the header line, blank lines, the first content line
    // (the line before the gap).
    let before = text.get(scalar_start..g.start)?;
    let first = before.trim_end_matches('\n').rsplit('\n').next()?;
    let more = body_line(first, g.indent).starts_with([' ', '\t']);
    let mut mark = Mark { line: g.start, value: yaml_scalar::block_unchomped(before).len(), more, pending: 0 };
    let mut at = Vec::new();
    let mut n = 0;
    while mark.line < g.end {
        if n % MARK_LINES == 0 {
            at.push(mark);
        }
        let (l, next) = line_at(text, mark.line);
        mark.push(body_line(l, g.indent), folded, None);
        mark.line = next;
        n += 1;
    }
    Some(at)
}

/// Replaces in `value` (the block scalar's, which ends at `scalar_end` in `old_text`) the part
/// made of the edited lines by the one the new lines make; returns the marks moved with the edit.
/// A folded value's part runs on to the next non-empty line (how it joins the lines before
/// depends on them): that may be the scalar's last line, after the gap, which the value holds
/// only up to the scalar's end (not its trailing spaces).
fn patch_body(
    value: &mut compact_str::CompactString,
    mut marks: Vec<Mark>,
    (old_text, new): (&str, &str),
    (g, scalar_end): (&Gap, usize),
    e: &LineEdit,
    folded: bool,
) -> Option<Vec<Mark>> {
    let m = marks.partition_point(|m| m.line <= e.line_start).checked_sub(1)?;
    let mut start = marks[m];
    while start.line < e.line_start {
        let (l, next) = line_at(old_text, start.line);
        start.push(body_line(l, g.indent), folded, None);
        start.line = next;
    }
    // The part's last line: the edited ones', or (folded) the next non-empty one (the gap's last
    // line is one).
    let mut end = e.old_line_end;
    while folded && end < g.end {
        let l = line_at(old_text, end + 1).0;
        end += 1 + l.len();
        if !body_line(l, g.indent).is_empty() {
            break;
        }
    }
    let new_end = end + new.len() - old_text.len();
    let (old_clip, new_clip) = (end.min(scalar_end), new_end.min(scalar_end + new.len() - old_text.len()));
    let mut old_part = start;
    for l in old_text.get(e.line_start..old_clip)?.split('\n') {
        old_part.push(body_line(l, g.indent), folded, None);
    }
    let (from, to) = (start.value, old_part.value);
    if to > value.len() || !value.is_char_boundary(from) || !value.is_char_boundary(to) {
        return None;
    }
    let mut part = String::with_capacity(new_end - e.line_start + 1);
    let mut new_part = start;
    for l in new.get(e.line_start..new_clip)?.split('\n') {
        new_part.push(body_line(l, g.indent), folded, Some(&mut part));
    }
    if (new_part.more, new_part.pending) != (old_part.more, old_part.pending) {
        return None;
    }
    value.replace_range(from..to, &part);
    // Marks on the part's lines go; the later ones move with the text and the value.
    marks.retain(|m| m.line <= e.line_start || m.line > end);
    for m in marks.iter_mut().filter(|m| m.line > end) {
        m.line = m.line + new_end - end;
        m.value = m.value + part.len() - (to - from);
    }
    Some(marks)
}

/// Moves every range of `node` with `shift`, and shows `scalar` each block scalar (moved).
fn shift_node(node: &mut Node, shift: &impl Fn(&mut TextRange), scalar: &mut impl FnMut(&Node)) {
    shift(&mut node.range);
    match &mut node.value {
        Value::Scalar(s) => {
            if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded) {
                scalar(node);
            }
        }
        Value::Sequence(sq) => sq.items.iter_mut().for_each(|n| shift_node(n, shift, scalar)),
        Value::Mapping(m) => {
            for e in &mut m.entries {
                shift(&mut e.range);
                shift(&mut e.key.range);
                if let Some(v) = e.value.as_mut() {
                    shift_node(v, shift, scalar);
                }
            }
        }
    }
}

/// The end of the last line of `start..end` that is not blank (a comment counts: the whole parse's
/// blocks end after the comments that follow them), before its `\r\n`.
fn last_line_end(text: &str, start: usize, end: usize) -> usize {
    // From the end back, line by line ([`lines`]' lines: a run or a block can be 10 MB, its
    // last lines are what counts).
    let b = text.as_bytes();
    let mut hi = end.min(b.len());
    while hi > start {
        let stop = if b[hi - 1] == b'\n' { hi - 1 } else { hi };
        let line_start = memchr::memrchr(b'\n', &b[start..stop]).map_or(start, |i| start + i + 1);
        let line_end = if stop > line_start && b[stop - 1] == b'\r' { stop - 1 } else { stop };
        let bom = if line_start == 0 && text[..line_end].starts_with('\u{feff}') { 3 } else { 0 };
        if !b[line_start + bom..line_end].iter().all(|c| matches!(c, b' ' | b'\t' | b'\r')) {
            return line_end;
        }
        hi = line_start;
    }
    start
}

/// [`last_line_end`] over [`lines`] (tests compare the two).
#[cfg(test)]
pub(crate) fn last_line_end_by_lines(text: &str, start: usize, end: usize) -> usize {
    let blank = |l: &Line| text[l.text_start..l.end].trim_end_matches(['\r', ' ', '\t']).is_empty();
    lines(text, start, end).iter().rev().find(|l| !blank(l)).map_or(start, |l| l.end)
}

#[cfg(test)]
pub(crate) fn last_line_end_for_tests(text: &str, start: usize, end: usize) -> usize {
    last_line_end(text, start, end)
}

/// Ends the block `n` of `text` and the blocks along its last entries and items where the whole
/// parse ends them when more follows: at `end`, the end of the last line that is not blank
/// before the next block (a block scalar at its own last such line, its value read again), or at
/// the end of the document (`eof`: block scalars as they are).
fn end_tail(n: &mut Node, text: &str, end: usize, eof: bool) {
    match &mut n.value {
        Value::Sequence(sq) if !sq.flow => {
            n.range.end = (end as u32).max(n.range.start);
            if let Some(v) = sq.items.last_mut() {
                end_tail(v, text, end, eof);
            }
        }
        Value::Mapping(m) if !m.flow => {
            n.range.end = (end as u32).max(n.range.start);
            if let Some(e) = m.entries.last_mut() {
                if let Some(v) = e.value.as_mut() {
                    end_tail(v, text, end, eof);
                    e.range.end = v.range.end;
                }
            }
        }
        Value::Scalar(s) if !eof && matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded) => {
            let last = last_line_end(text, n.range.start as usize, n.range.end as usize) as u32;
            if last < n.range.end {
                n.range.end = last.max(n.range.start);
                s.text = yaml_scalar::block(text.get(n.range.as_usize()).unwrap_or("")).0.into();
            }
        }
        _ => {}
    }
}

fn covers(outer: TextRange, inner: TextRange) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// The scalar at `range` in `node`.
fn scalar_at(node: &mut Node, range: TextRange) -> Option<&mut Scalar> {
    if !covers(node.range, range) {
        return None;
    }
    match &mut node.value {
        Value::Scalar(s) => Some(s).filter(|_| node.range == range),
        Value::Sequence(sq) => scalar_at(sq.items.iter_mut().find(|n| covers(n.range, range))?, range),
        Value::Mapping(m) => {
            scalar_at(m.entries.iter_mut().find_map(|e| e.value.as_mut().filter(|v| covers(v.range, range)))?, range)
        }
    }
}

/// Whether the first document of `text` parses with gaps (tests: the gapped path is taken).
#[cfg(test)]
pub(crate) fn first_document_both_ways(text: &str) -> ((usize, usize, usize), (usize, usize, usize)) {
    (first_document(text), first_document_by_lines(text))
}

#[cfg(test)]
pub(crate) fn parses_with_gaps(text: &str, gap_min_bytes: usize) -> bool {
    let (start, end, _) = first_document(text);
    YamlParser::new(text, gap_min_bytes, None).parse_with_gaps(start, end).is_some()
}

/// Byte range of the first document's content (after directives and a leading `---`, before the
/// next `---` or `...`), and how many documents follow it.
#[cfg(test)]
fn first_document(text: &str) -> (usize, usize, usize) {
    // No line starts with a marker or a directive (the usual file): the whole text, found at
    // memchr speed instead of line by line.
    if !has_markers(text) {
        return (0, text.len(), 0);
    }
    first_document_by_lines(text)
}

/// Whether a line of `text` (whole lines) starts with a document marker or a directive.
fn has_markers(text: &str) -> bool {
    let marker_at_line_start =
        |m: &str| text.starts_with(m) || memchr::memmem::find(text.as_bytes(), format!("\n{m}").as_bytes()).is_some();
    ["---", "...", "%"].into_iter().any(marker_at_line_start)
}

/// [`first_document`], line by line.
fn first_document_by_lines(text: &str) -> (usize, usize, usize) {
    let mut start = 0;
    let mut end = text.len();
    let mut seen_content = false;
    let mut seen_marker = false;
    let mut extra = 0;
    let mut ended_by_dots = false;
    let mut content_after_dots = false;
    for l in line_iter(text, 0, text.len()) {
        let raw = &text[l.start..l.end];
        let is_start_marker = raw == "---" || raw.starts_with("--- ") || raw.starts_with("---\t");
        let is_end_marker = raw == "..." || raw.starts_with("... ");
        if end != text.len() || ended_by_dots {
            if is_start_marker {
                extra += 1;
                content_after_dots = false;
            } else if ended_by_dots && l.is_content(text) && extra == 0 {
                content_after_dots = true;
            }
            continue;
        }
        if !seen_content && !seen_marker && raw.starts_with('%') {
            start = l.next;
            continue;
        }
        if is_start_marker {
            if !seen_content && !seen_marker {
                seen_marker = true;
                start = l.next;
                continue;
            }
            end = l.start;
            extra += 1;
            continue;
        }
        if is_end_marker {
            end = l.start;
            ended_by_dots = true;
            continue;
        }
        if l.is_content(text) {
            seen_content = true;
        }
    }
    if content_after_dots {
        extra += 1;
    }
    (start.min(end), end, extra)
}

/// The tree-sitter point of `offset`; `newlines` holds the offset of every `\n` of the text (a
/// binary search, not a scan: recovery asks for two points per chunk, and a big broken file has
/// hundreds of thousands of chunks).
fn point_at(newlines: &[usize], offset: usize) -> Point {
    let row = newlines.partition_point(|&n| n < offset);
    let col = offset - row.checked_sub(1).map_or(0, |r| newlines[r] + 1);
    Point { row, column: col }
}

/// The block being recovered: its base column and kind (a sequence's when `seq_mode`), and what
/// its chunks add to: its entries or items, and the errors.
struct Out<'o> {
    base: usize,
    seq_mode: bool,
    entries: &'o mut Vec<Entry>,
    items: &'o mut Vec<Node>,
    errors: &'o mut Vec<SyntaxError>,
    /// How many of the block's entries or items so far are the previous model's, still in it
    /// ([`YamlParser::take_old`]): `entries` or `items` hold the others.
    taken: usize,
    /// Whether some item spells a key twice, when known without looking at every item
    /// ([`YamlParser::place_taken`]).
    dup: Option<bool>,
}

impl Out<'_> {
    /// How many entries or items the block holds so far (those still to take included).
    fn len(&self) -> usize {
        self.taken + if self.seq_mode { self.items.len() } else { self.entries.len() }
    }
}

struct YamlParser<'t> {
    text: &'t str,
    /// Offsets of every `\n` in `text`, for [`point_at`].
    newlines: Vec<usize>,
    /// Offsets of every `\r` in `text` (a row for the scanner too).
    returns: Vec<usize>,
    /// The most line breaks one parse may see ([`ROW_LIMIT`]).
    row_limit: usize,
    /// The end of the first document: where the whole parse ends.
    doc_end: usize,
    /// Recovering a document too long for one parse: clean blocks get the whole parse's ranges.
    exact: bool,
    parser: Parser,
    /// Current recursion depth of [`YamlParser::recover_block`].
    depth: usize,
    /// Lines of long block scalar bodies that tree-sitter need not see ([`block_scalar_gaps`]).
    gaps: Vec<Gap>,
    /// The last [`YamlParser::parse`] left gaps out.
    gapped: bool,
    /// The nesting guard's columns of the last region parsed.
    columns: Columns,
    /// The previous version's clean runs (a document over the limit), and its model to take
    /// their nodes from; the previous runs taken already, by start.
    old_runs: Option<Arc<Runs>>,
    old_root: Option<Node>,
    /// The edit from the previous version ([`runs::Edit`]), with `old_runs`.
    edit: Option<runs::Edit>,
    /// The previous version's text ([`RunAt`]: where its runs' text is).
    old_text: &'t str,
    /// Which of the previous runs ([`Runs::all`]) were taken already.
    taken: Vec<bool>,
    /// The block being recovered ([`RunAt::path`]).
    path: Vec<u32>,
    /// This version's clean runs (a document over the limit).
    runs: Option<Runs>,
    /// `path` as the runs keep it (one allocation per block).
    path_shared: Option<Arc<[u32]>>,
    /// Nodes of the previous model the blocks being recovered take, still in it
    /// ([`YamlParser::take_old`], [`YamlParser::place_taken`]).
    pending: Vec<runs::Pending>,
    /// The text has no `|` or `>` ([`Runs::no_scalars`]).
    no_scalars: bool,
}

impl<'t> YamlParser<'t> {
    /// A parser of `text`; its line-break tables from the previous version's (`old`, for the
    /// edit between the two) when given.
    fn new(text: &'t str, gap_min_bytes: usize, old: Option<(&Runs, runs::Edit)>) -> Self {
        let mut parser = Parser::new();
        // Cannot fail: the grammar is compiled in and matches the tree-sitter ABI we depend on.
        let _ = parser.set_language(&super::yaml_language::language());
        // (Counted first: no growing of a vector of 300,000 offsets on every keystroke.)
        let offsets = |b: u8| {
            let mut at = Vec::with_capacity(memchr::memchr_iter(b, text.as_bytes()).count());
            at.extend(memchr::memchr_iter(b, text.as_bytes()));
            at
        };
        let (newlines, returns) = match old {
            Some((runs, edit)) => {
                let spliced = runs.breaks(text, edit);
                debug_assert!(spliced == (offsets(b'\n'), offsets(b'\r')), "line breaks spliced wrong");
                spliced
            }
            None => (offsets(b'\n'), offsets(b'\r')),
        };
        // No `|` or `>` in the text: no block scalar, no gap. (The previous version had none:
        // only the edited lines are searched; a 10 MB list was searched on every keystroke.)
        let no_scalars = |b: &[u8]| memchr::memchr2(b'|', b'>', b).is_none();
        let no_scalars = match old {
            Some((runs, edit)) if runs.no_scalars => {
                no_scalars(text.as_bytes().get(edit.lo..edit.new_hi).unwrap_or_default())
            }
            _ => no_scalars(text.as_bytes()),
        };
        let gaps = if no_scalars { Vec::new() } else { block_scalar_gaps(text, gap_min_bytes) };
        let row_limit = ROW_LIMIT;
        YamlParser {
            text,
            newlines,
            returns,
            row_limit,
            doc_end: text.len(),
            exact: false,
            parser,
            depth: 0,
            gaps,
            gapped: false,
            columns: Columns::new(),
            old_runs: None,
            old_root: None,
            edit: None,
            old_text: "",
            taken: Vec::new(),
            path: Vec::new(),
            runs: None,
            path_shared: None,
            pending: Vec::new(),
            no_scalars,
        }
    }

    /// Whether `start..end` holds more line breaks than one parse may see ([`ROW_LIMIT`]), not
    /// counting those in the gaps left out of it.
    fn over_limit(&self, start: usize, end: usize) -> bool {
        let count =
            |at: &[usize], from: usize, to: usize| at.partition_point(|&x| x < to) - at.partition_point(|&x| x < from);
        // (Each line break is a byte at least: most runs of a block are far below the limit.)
        if end.saturating_sub(start) <= self.row_limit {
            return false;
        }
        let breaks = |from, to| count(&self.newlines, from, to) + count(&self.returns, from, to);
        let all = breaks(start, end);
        all > self.row_limit
            && all - self.gaps_in(start, end).iter().map(|g| breaks(g.start, g.end)).sum::<usize>() > self.row_limit
    }

    fn range(&self, start: usize, end: usize) -> Range {
        Range {
            start_byte: start,
            end_byte: end,
            start_point: point_at(&self.newlines, start),
            end_point: point_at(&self.newlines, end),
        }
    }

    /// Parses `text[start..end]` (a whole-lines region) keeping the file's offsets and points.
    /// `None` for regions too deeply indented for the tree-sitter-yaml scanner (see
    /// [`scanner_columns`]); callers treat that like a broken region.
    fn parse(&mut self, start: usize, end: usize) -> Option<Tree> {
        self.gapped = false;
        self.columns = scanner_columns(self.text, start, end)?;
        if start >= end {
            return self.parser.parse("", None);
        }
        if let Some(tree) = self.parse_with_gaps(start, end) {
            self.gapped = true;
            return Some(tree);
        }
        let range = self.range(start, end);
        self.parser.set_included_ranges(&[range]).ok()?;
        self.parse_guarded()
    }

    /// The parse of the included ranges; `None` when the scanner's state outgrew tree-sitter's
    /// buffer on the way (see `yaml_language`): that tree is not the text's.
    fn parse_guarded(&mut self) -> Option<Tree> {
        super::yaml_language::take_overflow();
        let tree = self.parser.parse(self.text, None);
        if super::yaml_language::take_overflow() {
            return None;
        }
        tree
    }

    /// The region parsed without the gaps whose block scalar header lies in it, when that tree is
    /// clean and every gap lies inside the block scalar of its header line (then it is the tree
    /// the whole region gives, less the left-out content lines); `None` otherwise.
    fn parse_with_gaps(&mut self, start: usize, end: usize) -> Option<Tree> {
        let gaps = self.gaps_in(start, end).to_vec();
        if gaps.is_empty() {
            return None;
        }
        let mut ranges = Vec::with_capacity(gaps.len() + 1);
        let mut from = start;
        for g in &gaps {
            ranges.push(self.range(from, g.start));
            from = g.end;
        }
        ranges.push(self.range(from, end));
        self.parser.set_included_ranges(&ranges).ok()?;
        let tree = self.parse_guarded()?;
        let root = tree.root_node();
        let inside_scalar = |g: &Gap| {
            let mut n = root.descendant_for_byte_range(g.start, g.end);
            while let Some(node) = n {
                if node.kind() == "block_scalar" {
                    return (g.header..g.body).contains(&node.start_byte()) && node.end_byte() > g.end;
                }
                n = node.parent();
            }
            false
        };
        (!root.has_error() && gaps.iter().all(inside_scalar)).then_some(tree)
    }

    /// The gaps whose block scalar header lies in `start..end`.
    fn gaps_in(&self, start: usize, end: usize) -> &[Gap] {
        let first = self.gaps.partition_point(|g| g.header < start);
        let rest = &self.gaps[first..];
        &rest[..rest.partition_point(|g| g.end <= end)]
    }

    /// [`Self::recover_block`] for the body of the chunk that becomes entry or item `index` of
    /// the block being recovered ([`RunAt::path`]).
    fn recover_body(&mut self, start: usize, end: usize, index: usize, errors: &mut Vec<SyntaxError>) -> Option<Node> {
        self.path.push(index as u32);
        let node = self.recover_block(start, end, errors);
        self.path.pop();
        node
    }

    /// Recovers a block region: chunks at the base indentation, each parsed alone.
    fn recover_block(&mut self, start: usize, end: usize, errors: &mut Vec<SyntaxError>) -> Option<Node> {
        if self.depth >= MAX_RECOVERY_DEPTH {
            errors.push(err(start, line_end(self.text, start), "YAML nested too deeply"));
            return None;
        }
        self.depth += 1;
        let node = self.recover_block_inner(start, end, errors);
        self.depth -= 1;
        node
    }

    fn recover_block_inner(&mut self, start: usize, end: usize, errors: &mut Vec<SyntaxError>) -> Option<Node> {
        let text = self.text;
        let first = line_iter(text, start, end).find(|l| l.is_content(text))?;
        let base = first.column();
        let seq_mode = is_dash(first.text(text));
        let over = self.over_limit(start, end);
        // (Over the limit, the runs find their chunks: around the edit only, when they can.)
        let starts: Vec<usize> = if over {
            Vec::new()
        } else {
            runs::chunk_starts(text, (first.start, end), base, seq_mode, None).collect()
        };
        // (Over the limit, the nodes taken from the previous model are placed at the end, mostly
        // in the vector they are in, not grown item by item here: [`Self::place_taken`].)
        let (mut entries, mut items) = (Vec::new(), Vec::new());
        // The ranges of the blocks parsed together (a sequence's starts at its first `-`).
        let mut runs = None;
        let mut out = Out { base, seq_mode, entries: &mut entries, items: &mut items, errors, taken: 0, dup: None };
        if over {
            runs = self.recover_runs((start, first.start, end), &mut out);
        } else {
            for (i, &cs) in starts.iter().enumerate() {
                let ce = starts.get(i + 1).copied().unwrap_or(end);
                let r = self.recover_chunk(cs, ce, &mut out);
                if self.exact {
                    runs = match (runs, r) {
                        (Some(a), Some(b)) => Some(a.cover(b)),
                        (a, b) => a.or(b),
                    };
                }
            }
        }
        let dup = out.dup;
        // The nodes are in source order, one chunk's apart: the first and the last cover them all
        // (a 10 MB list's 185,000 items are not walked for it).
        let range_of = |ends: Option<(TextRange, TextRange)>, all: &mut dyn Iterator<Item = TextRange>| {
            let cover = |acc: Option<TextRange>, r: TextRange| Some(acc.map_or(r, |a| a.cover(r)));
            debug_assert_eq!(ends.map(|(a, z)| a.cover(z)), all.fold(None, cover));
            ends.map(|(a, z)| a.cover(z)).into_iter().chain(runs).fold(None, cover)
        };
        let mut node = if seq_mode {
            let ends = items.first().zip(items.last()).map(|(a, z)| (a.range, z.range));
            let range = range_of(ends, &mut items.iter().map(|n: &Node| n.range))?;
            let sequence = match dup {
                Some(dup) => Sequence::with_dup_keys(items, false, dup),
                None => Sequence::new(items, false),
            };
            Node { range, value: Value::Sequence(sequence) }
        } else {
            let ends = entries.first().zip(entries.last()).map(|(a, z)| (a.range, z.range));
            let range = range_of(ends, &mut entries.iter().map(|e: &Entry| e.range))?;
            Node { range, value: Value::Mapping(Mapping::new(entries, false)) }
        };
        if self.exact {
            // Where the whole parse ends the block: at the end of the document, or at the last
            // line that is not blank before what follows.
            match end < self.doc_end {
                true => end_tail(&mut node, text, last_line_end(text, start, end), false),
                false => end_tail(&mut node, text, end, true),
            }
        }
        Some(node)
    }

    fn recover_chunk(&mut self, cs: usize, ce: usize, out: &mut Out) -> Option<TextRange> {
        let (text, base, seq_mode) = (self.text, out.base, out.seq_mode);
        // (The chunk's lines one at a time: a chunk over the limit has hundreds of thousands.)
        let head = line_iter(text, cs, ce).find(|l| l.is_content(text))?;
        let head_text = head.text(text);
        // `key:` (or `- key:` / `-`) with nothing after it on the line: its body is a block.
        let after_dash = if seq_mode { super::lines::strip_dashes(head_text).0 } else { head_text };
        let dash_len = head_text.len() - after_dash.len();
        let key = split_key(after_dash);
        let rest_empty = |from: usize| {
            let r = text[from..head.end].trim();
            r.is_empty() || r.starts_with('#')
        };
        let key_start = head.text_start + dash_len;
        let body_start = head.next;
        let block_body = match key {
            Some((_, colon)) => rest_empty(key_start + colon) && !seq_mode,
            None => seq_mode && after_dash.is_empty(),
        };
        // Too long to parse whole: its body is parsed in runs, and it is broken only if they are.
        let over = block_body && !head.tab_indent && self.over_limit(cs, ce);
        if let Some(tree) = if over { None } else { self.parse(cs, ce) } {
            if !tree.root_node().has_error() {
                if let Some(r) = self.take(&tree, (cs, ce), out) {
                    return Some(r);
                }
                // Clean on its own but the wrong kind of thing for this block.
                let last = line_iter(text, cs, ce).filter(|l| l.is_content(text)).last().map_or(head.end, |l| l.end);
                let msg = match (lower_tree(&tree, text).map(|n| n.value), seq_mode) {
                    (Some(Value::Mapping(m)), true) if !m.flow => {
                        "a mapping key cannot go here: the lines above are `- ` items"
                    }
                    (Some(Value::Sequence(sq)), false) if !sq.flow => {
                        "a `- ` item cannot go here: the lines above are `key: value` entries"
                    }
                    (_, false) => "expected `key: value` (missing `:`?)",
                    (_, true) => "expected a `- ` item",
                };
                out.errors.push(err(head.text_start, last, msg));
                return None;
            }
        }
        if head.tab_indent {
            out.errors.push(self.classify(cs, ce, Some(base)));
            return None;
        }
        match key {
            Some((raw_key, colon)) if rest_empty(key_start + colon) && !seq_mode => {
                let before = out.errors.len();
                let value = self.recover_body(body_start, ce, out.len(), out.errors);
                if out.errors.len() == before && !over {
                    out.errors.push(self.classify(cs, ce, Some(base)));
                }
                // Over the limit, the key as the parse of its line gives it (the whole parse's).
                let head_key = if over { self.head_key(cs, body_start) } else { None };
                let (key, key_start) = match head_key {
                    Some(e) => (e.key, e.range.start as usize),
                    None => (self.key_from_raw(raw_key, key_start), key_start),
                };
                let end = value.as_ref().map_or(key_start + colon, |v| v.range.end as usize);
                out.entries.push(Entry { key, value, range: TextRange::new(key_start, end) });
                return None;
            }
            None if seq_mode && after_dash.is_empty() => {
                let before = out.errors.len();
                let value = self.recover_body(body_start, ce, out.len(), out.errors);
                if out.errors.len() == before && !over {
                    out.errors.push(self.classify(cs, ce, Some(base)));
                }
                // (The whole parse's sequence starts at the `-`.)
                let v = value?;
                let range = TextRange::new(head.text_start, v.range.end as usize);
                out.items.push(v);
                return Some(range);
            }
            _ => {}
        }
        // Keep the longest clean prefix of whole lines; the rest is the broken region. Each try
        // re-parses the chunk: not for huge chunks (40 parses of megabytes per keystroke).
        let content_lines: Vec<Line> = line_iter(text, cs, ce).filter(|l| l.is_content(text)).collect();
        let tries = if over || ce - cs > PREFIX_SEARCH_MAX_BYTES { 0 } else { 40 };
        for k in (1..content_lines.len()).rev().take(tries) {
            let cut = content_lines[k].start;
            if let Some(tree) = self.parse(cs, cut) {
                if !tree.root_node().has_error() && self.take(&tree, (cs, cut), out).is_some() {
                    out.errors.push(self.classify(cut, ce, Some(base)));
                    return None;
                }
            }
        }
        out.errors.push(self.classify(cs, ce, Some(base)));
        None
    }

    /// Adds a clean chunk's content to the block being recovered, and returns its range; `None` if
    /// it has the wrong shape.
    fn take(&self, tree: &Tree, (start, end): (usize, usize), out: &mut Out) -> Option<TextRange> {
        let mut node = lower_tree(tree, self.text)?;
        // Blocks that end where this parse ended end at their last line in the whole parse (only
        // its end of file ends them after the line break).
        if self.exact && end < self.doc_end {
            end_tail(&mut node, self.text, last_line_end(self.text, start, end), false);
        }
        match (node.value, out.seq_mode) {
            (Value::Mapping(m), false) if !m.flow => out.entries.extend(m.entries),
            (Value::Sequence(s), true) if !s.flow => out.items.extend(s.items),
            _ => return None,
        }
        Some(node.range)
    }

    /// The one entry of the line `start..next` (`key:` with nothing after it), as parsed alone.
    fn head_key(&mut self, start: usize, next: usize) -> Option<Entry> {
        let tree = self.parse(start, next).filter(|t| !t.root_node().has_error())?;
        match lower_tree(&tree, self.text)?.value {
            Value::Mapping(m) if !m.flow && m.entries.len() == 1 => m.entries.into_iter().next(),
            _ => None,
        }
    }

    fn key_from_raw(&self, raw: &str, start: usize) -> Key {
        let text = if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            yaml_scalar::double_quoted(inner)
        } else if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
            yaml_scalar::single_quoted(inner)
        } else {
            raw.to_string()
        };
        Key { text: text.into(), range: TextRange::new(start, start + raw.len()) }
    }

    /// One error describing what is wrong in the broken region `start..end`.
    fn classify(&mut self, start: usize, end: usize, base: Option<usize>) -> SyntaxError {
        let text = self.text;
        let region = lines(text, start, end);
        let content: Vec<&Line> = region.iter().filter(|l| l.is_content(text)).collect();
        if let Some(l) = content.iter().find(|l| l.tab_indent) {
            return err(l.start, l.text_start, "YAML does not allow tabs for indentation");
        }
        if let (Some(first), Some(base)) = (content.first(), base) {
            if first.column() != base {
                return err(
                    first.text_start,
                    first.end,
                    "bad indentation: this line does not line up with the lines above",
                );
            }
        }
        let tree = self.parse(start, end);
        let bad = tree.as_ref().and_then(|t| first_error(t.root_node()));
        if let Some(n) = bad {
            if n.is_missing() {
                let at = n.start_byte();
                return err(at, at, &format!("missing `{}`", n.kind()));
            }
            let mut c = n.walk();
            let tokens: Vec<tree_sitter::Node> = n.children(&mut c).collect();
            for t in &tokens {
                if !t.is_named() && (t.kind() == "\"" || t.kind() == "'") {
                    let s = t.start_byte();
                    return err(s, line_end(text, s), "unclosed quoted string");
                }
            }
            for (open, close) in [("[", "]"), ("{", "}")] {
                let opens = tokens.iter().filter(|t| t.kind() == open).count();
                let closes = tokens.iter().filter(|t| t.kind() == close).count();
                if opens > closes {
                    if let Some(t) = tokens.iter().find(|t| t.kind() == open) {
                        let s = t.start_byte();
                        return err(s, n.end_byte().max(s + 1), &format!("unclosed `{open}`"));
                    }
                }
            }
        }
        // `key: value: more`: a second `: ` inside a plain value.
        for l in &content {
            let t = super::lines::strip_dashes(l.text(text)).0;
            let Some((_, colon)) = split_key(t) else {
                continue;
            };
            let v = t[colon..].trim_start();
            if v.starts_with(['"', '\'', '[', '{', '|', '>', '#', '&', '!', '*']) {
                continue;
            }
            let v = v.split(" #").next().unwrap_or(v);
            if let Some(i) = v.find(": ").or(v.strip_suffix(':').map(|r| r.len())) {
                let value_start = l.end - t[colon..].trim_start().len();
                let at = (value_start + i).min(l.end);
                if text.is_char_boundary(at) {
                    return err(at, at + 1, "a mapping key cannot go here (quote the value if it contains `: `)");
                }
            }
        }
        // A line inside a mapping that is not `key: value`.
        if let Some(l) = content.iter().find(|l| {
            let t = super::lines::strip_dashes(l.text(text)).0;
            !t.is_empty() && split_key(t).is_none() && !t.starts_with(['[', '{', '"', '\'', '|', '>'])
        }) {
            if content.len() == 1 && !is_dash(l.text(text)) {
                return err(l.text_start, l.end, "expected `key: value` (missing `:`?)");
            }
        }
        match bad {
            Some(n) => {
                let s = n.start_byte().max(start);
                let e = n.end_byte().min(end).max(s);
                let e = if e == s { line_end(text, s) } else { e };
                err(s, e, "invalid YAML here")
            }
            None => {
                let s = content.first().map_or(start, |l| l.text_start);
                let e = content.last().map_or(end, |l| l.end).max(s);
                err(s, e, "invalid YAML here")
            }
        }
    }
}

/// More distinct block-structure columns than this are too deep for the scanner
/// ([`scanner_columns`]).
const SCANNER_COLUMNS: usize = 100;

/// The distinct columns of `text[start..end]`'s block-structure lines; `None` past
/// [`SCANNER_COLUMNS`]: a region too deep for the scanner.
///
/// tree-sitter-yaml 0.7 serialises its indentation stack into tree-sitter's 1024-byte buffer
/// without a proper bound; past about 250 nested block levels it overflows the buffer and
/// tree-sitter aborts the process on an assertion (active in release builds too). Each stack
/// entry has a distinct indentation column (a sequence may share its key's column), so regions
/// whose block-structure lines use more than `SCANNER_COLUMNS` distinct columns are never handed to it.
/// (In error recovery the scanner can stack entries without new columns; `yaml_language` catches
/// those states instead of the process aborting. This guard spares the parse.)
fn scanner_columns(text: &str, start: usize, end: usize) -> Option<Columns> {
    let mut columns = Columns::new();
    for l in line_iter(text, start, end) {
        if l.is_content(text) && !add_columns(l.text(text), l.column(), &mut columns) {
            return None;
        }
    }
    Some(columns)
}

type Columns = std::collections::BTreeSet<usize>;

/// Adds the columns a content line (`line`: its text after the indentation at `column`) opens
/// levels at; false once there are more than [`SCANNER_COLUMNS`].
fn add_columns(line: &str, column: usize, columns: &mut Columns) -> bool {
    // A lone `\r` breaks lines for the scanner too: each piece is a line of its own.
    for (i, piece) in line.split('\r').enumerate() {
        let (mut col, mut rest) = if i == 0 {
            (column, piece)
        } else {
            let trimmed = piece.trim_start_matches([' ', '\t']);
            (piece.len() - trimmed.len(), trimmed)
        };
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        // Each `- `, `? ` or `: ` the line starts with (a compact chain such as `- ? : - x`)
        // opens a level at its own column.
        while let Some(r) = rest.strip_prefix(['-', '?', ':']).filter(|r| r.is_empty() || r.starts_with([' ', '\t'])) {
            columns.insert(col);
            let trimmed = r.trim_start_matches([' ', '\t']);
            col += rest.len() - trimmed.len();
            rest = trimmed;
        }
        // (A column already counted needs no second look at the line: the long body lines of
        // a block scalar all sit at one column.)
        if !columns.contains(&col) && (split_key(rest).is_some() || rest.starts_with('?')) {
            columns.insert(col);
        }
        if columns.len() > SCANNER_COLUMNS {
            return false;
        }
    }
    true
}

/// Whole lines in the body of a block scalar that tree-sitter can be spared: `header` is the start
/// of the line with `|`/`>`, `start..end` the lines between the body's first and last content
/// lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Gap {
    header: usize,
    /// Start of the line after the header.
    body: usize,
    start: usize,
    end: usize,
    /// The indentation of the body's first content line.
    indent: usize,
}

/// The gaps of `text`: after a line ending in `|` or `>` (with a chomping indicator, a comment;
/// not with an indentation indicator, tags or anchors), the body lines from the second content
/// line to the last but one whose every character the tree-sitter-yaml scanner reads as plain
/// content: blank lines, and lines indented at least as far as the first content line with
/// printable characters only (no lone `\r`, control characters or BOM). Only runs of at least
/// `min_bytes`. A header that is no block scalar (inside a quoted string, say) is caught by
/// [`YamlParser::parse_with_gaps`], which then parses the whole region.
fn block_scalar_gaps(text: &str, min_bytes: usize) -> Vec<Gap> {
    let mut gaps = Vec::new();
    if text.len() < min_bytes {
        return gaps;
    }
    let mut pos = 0;
    while pos < text.len() {
        // Only a line with a `|` or `>` can be a header: the next one, found at memchr speed (a
        // 10 MB list without block scalars is searched on every keystroke).
        let Some(i) = memchr::memchr2(b'|', b'>', &text.as_bytes()[pos..]) else { break };
        let header = memchr::memrchr(b'\n', &text.as_bytes()[pos..pos + i]).map_or(pos, |j| pos + j + 1);
        let (line, next) = line_at(text, header);
        pos = next;
        if !is_block_scalar_header(line) {
            continue;
        }
        let body = pos;
        // Blank lines, then the first content line: it sets the indentation.
        let mut indent = None;
        while pos < text.len() {
            let (l, n) = line_at(text, pos);
            pos = n;
            let spaces = l.len() - l.trim_start_matches(' ').len();
            if !l.trim_end_matches('\r').trim_start_matches(' ').is_empty() {
                indent = Some(spaces);
                break;
            }
        }
        let Some(indent) = indent.filter(|&i| i > 0) else { continue };
        let start = pos;
        let mut last_content = start;
        while pos < text.len() {
            let (l, n) = line_at(text, pos);
            let Some(blank) = gap_line(l, indent) else { break };
            if !blank {
                last_content = pos;
            }
            pos = n;
        }
        // `last_content` stays in view (with what follows it), so the scalar ends where it did.
        if last_content - start >= min_bytes.max(1) {
            gaps.push(Gap { header, body, start, end: last_content, indent });
        }
        pos = last_content.max(start);
    }
    gaps
}

/// Whether a gap may hold line `l` (without its `\n`) of a body indented by `indent`: a blank line
/// (`Some(true)`), or one indented at least as far, with only characters the scanner reads as
/// plain content (`Some(false)`).
fn gap_line(l: &str, indent: usize) -> Option<bool> {
    let body = l.strip_suffix('\r').unwrap_or(l);
    let spaces = body.len() - body.trim_start_matches(' ').len();
    if spaces == body.len() {
        return Some(true);
    }
    let rest = &body[spaces..];
    (spaces >= indent && !rest.starts_with('\t') && plain_content(rest)).then_some(false)
}

/// The line at `pos` (without its `\n`) and the start of the next one.
fn line_at(text: &str, pos: usize) -> (&str, usize) {
    match memchr_newline(&text.as_bytes()[pos..]) {
        Some(i) => (&text[pos..pos + i], pos + i + 1),
        None => (&text[pos..], text.len()),
    }
}

fn memchr_newline(b: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', b)
}

/// `key: |`, `- >-`, `|+ # comment`: a line whose value is a block scalar header without an
/// indentation indicator, tag or anchor.
fn is_block_scalar_header(line: &str) -> bool {
    let t = line.trim_end_matches('\r');
    let t = match t.find(" #") {
        Some(i) => &t[..i],
        None => t,
    };
    let t = t.trim_end_matches([' ', '\t']);
    let rest = t.strip_suffix(['+', '-']).unwrap_or(t);
    let Some(before) = rest.strip_suffix(['|', '>']) else { return false };
    before.is_empty() || before.ends_with([' ', '\t'])
}

/// Every character is one the scanner takes as block scalar content (`ns-char` or white space).
fn plain_content(s: &str) -> bool {
    // Bytes in blocks without an early exit (the compiler vectorises it): every body line of a
    // long scalar is checked on every keystroke.
    let byte_ok = |b: u8| (b >= 0x20 && b != 0x7f) || b == b'\t';
    s.as_bytes().chunks(64).all(|c| c.iter().fold(true, |ok, &b| ok & byte_ok(b)))
        && (s.is_ascii()
            || s.chars().all(|c| {
                let c = c as u32;
                (0x20..0x7f).contains(&c)
                    || c == 0x09
                    || c == 0x85
                    || (0xa0..=0xd7ff).contains(&c)
                    || (0xe000..=0xfefe).contains(&c)
                    || (0xff00..=0xfffd).contains(&c)
                    || c >= 0x10000
            }))
}

fn is_dash(s: &str) -> bool {
    s == "-" || s.starts_with("- ") || s.starts_with("-\t")
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..].find(['\n', '\r']).map_or(text.len(), |i| from + i)
}

fn err(start: usize, end: usize, message: &str) -> SyntaxError {
    SyntaxError { range: TextRange::new(start, end.max(start)), message: message.to_string() }
}

/// The first MISSING or ERROR node in document order (iterative: trees can be deep).
fn first_error(root: tree_sitter::Node) -> Option<tree_sitter::Node> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_missing() || node.is_error() {
            return Some(node);
        }
        if node.has_error() {
            let mut c = node.walk();
            let children: Vec<_> = node.children(&mut c).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    None
}

/// Lowers the first document of an error-free tree. One cursor walks the whole tree (a cursor
/// per node and a `Vec` of its children were most of the lowering's cost).
fn lower_tree(tree: &Tree, text: &str) -> Option<Node> {
    let mut c = tree.walk();
    if !to_child(&mut c, |k| k == "document") || !to_child(&mut c, |k| matches!(k, "block_node" | "flow_node")) {
        return None;
    }
    lower(&mut c, text, 0)
}

fn kind<'t>(n: &tree_sitter::Node<'t>) -> &'t str {
    YAML.kind(*n)
}

fn range(n: tree_sitter::Node) -> TextRange {
    TextRange::new(n.start_byte(), n.end_byte())
}

/// Moves the cursor to the first named child of its node whose kind `pick` accepts; leaves it
/// on the node and returns false when there is none.
fn to_child(c: &mut TreeCursor, pick: impl Fn(&str) -> bool) -> bool {
    if !c.goto_first_child() {
        return false;
    }
    loop {
        let n = c.node();
        if n.is_named() && pick(kind(&n)) {
            return true;
        }
        if !c.goto_next_sibling() {
            c.goto_parent();
            return false;
        }
    }
}

/// Calls `f` with the cursor on each named child of its node but comments, in order; `f` leaves
/// the cursor where it found it, and the cursor is back on the node afterwards.
fn for_children(c: &mut TreeCursor, mut f: impl FnMut(&mut TreeCursor)) {
    if !c.goto_first_child() {
        return;
    }
    loop {
        let n = c.node();
        if n.is_named() && kind(&n) != "comment" {
            f(c);
        }
        if !c.goto_next_sibling() {
            break;
        }
    }
    c.goto_parent();
}

fn scalar(range: TextRange, mut text: String, style: ScalarStyle, null: bool) -> Node {
    text.shrink_to_fit();
    Node { range, value: Value::Scalar(Scalar { text: text.into(), style, null }) }
}

fn null_at(offset: usize) -> Node {
    scalar(TextRange::empty(offset), String::new(), ScalarStyle::Plain, true)
}

/// The cursor's node; the cursor is back on it afterwards.
fn lower(c: &mut TreeCursor, text: &str, depth: usize) -> Option<Node> {
    let n = c.node();
    if depth > MAX_DEPTH {
        // Absurdly deep nesting: keep the source text rather than recurse further.
        let raw = text.get(n.byte_range()).unwrap_or("").to_string();
        return Some(scalar(range(n), raw, ScalarStyle::Plain, false));
    }
    let raw = text.get(n.byte_range()).unwrap_or("");
    let r = range(n);
    let node = match kind(&n) {
        "block_node" | "flow_node" => {
            if !to_child(c, |k| !matches!(k, "anchor" | "tag" | "comment")) {
                return Some(scalar(r, String::new(), ScalarStyle::Plain, true));
            }
            let content = lower(c, text, depth + 1);
            c.goto_parent();
            return content;
        }
        "plain_scalar" => {
            let null = to_child(c, |k| k != "comment") && {
                let null = kind(&c.node()) == "null_scalar";
                c.goto_parent();
                null
            };
            scalar(r, yaml_scalar::plain(raw), ScalarStyle::Plain, null)
        }
        "double_quote_scalar" => {
            let inner = raw.strip_prefix('"').unwrap_or(raw);
            let inner = inner.strip_suffix('"').unwrap_or(inner);
            scalar(r, yaml_scalar::double_quoted(inner), ScalarStyle::DoubleQuoted, false)
        }
        "single_quote_scalar" => {
            let inner = raw.strip_prefix('\'').unwrap_or(raw);
            let inner = inner.strip_suffix('\'').unwrap_or(inner);
            scalar(r, yaml_scalar::single_quoted(inner), ScalarStyle::SingleQuoted, false)
        }
        "block_scalar" => {
            let (s, style) = yaml_scalar::block(raw);
            let len = s.len();
            let mut n = scalar(r, s, style, false);
            // A long one is patched in place on keystrokes (`reparse_yaml`): room for them, so
            // the first does not copy megabytes into a new allocation (1/64 more).
            if let (Value::Scalar(sc), true) = (&mut n.value, len >= GAP_MIN_BYTES) {
                sc.text.reserve(len / 64);
            }
            n
        }
        "alias" => scalar(r, raw.to_string(), ScalarStyle::Plain, false),
        "block_mapping" | "flow_mapping" => {
            let flow = kind(&n) == "flow_mapping";
            let mut entries = Vec::new();
            for_children(c, |c| entries.extend(lower_pair(c, text, depth + 1)));
            entries.shrink_to_fit(); // parsed documents are cached: no spare room
            Node { range: r, value: Value::Mapping(Mapping::new(entries, flow)) }
        }
        "block_sequence" => {
            let mut items = Vec::new();
            for_children(c, |c| {
                if kind(&c.node()) != "block_sequence_item" {
                    return;
                }
                let end = c.node().end_byte();
                if to_child(c, |k| k != "comment") {
                    items.extend(lower(c, text, depth + 1));
                    c.goto_parent();
                } else {
                    items.push(null_at(end));
                }
            });
            items.shrink_to_fit();
            Node { range: r, value: Value::Sequence(Sequence::new(items, false)) }
        }
        "flow_sequence" => {
            let mut items = Vec::new();
            for_children(c, |c| {
                let item = c.node();
                if kind(&item) == "flow_pair" {
                    if let Some(e) = lower_pair(c, text, depth + 1) {
                        let entries = vec![e];
                        items.push(Node { range: range(item), value: Value::Mapping(Mapping::new(entries, true)) });
                    }
                } else {
                    items.extend(lower(c, text, depth + 1));
                }
            });
            items.shrink_to_fit();
            Node { range: r, value: Value::Sequence(Sequence::new(items, true)) }
        }
        _ => return None,
    };
    Some(node)
}

/// A `block_mapping_pair` / `flow_pair`, or a lone `flow_node` key in a flow mapping (`{a, b}`),
/// at the cursor; the cursor is back on it afterwards.
fn lower_pair(c: &mut TreeCursor, text: &str, depth: usize) -> Option<Entry> {
    let n = c.node();
    let (key, value) = match kind(&n) {
        "block_mapping_pair" | "flow_pair" => {
            let (mut key, mut value) = (None, None);
            if c.goto_first_child() {
                loop {
                    let field = c.field_id();
                    if key.is_none() && field.is_some() && field == *KEY_FIELD {
                        key = Some(lower_key(c, text, depth));
                    } else if value.is_none() && field.is_some() && field == *VALUE_FIELD {
                        value = Some(lower(c, text, depth + 1));
                    }
                    if !c.goto_next_sibling() {
                        break;
                    }
                }
                c.goto_parent();
            }
            (key, value.flatten())
        }
        "flow_node" => (Some(lower_key(c, text, depth)), None),
        _ => return None,
    };
    let key = key.unwrap_or_else(|| Key { text: Default::default(), range: TextRange::empty(n.start_byte()) });
    Some(Entry { key, value, range: range(n) })
}

/// The key at the cursor: its scalar's text, else its source text.
fn lower_key(c: &mut TreeCursor, text: &str, depth: usize) -> Key {
    let k = c.node();
    let key_text = match lower(c, text, depth + 1) {
        Some(Node { value: Value::Scalar(s), .. }) => s.text,
        _ => text.get(k.byte_range()).unwrap_or("").into(),
    };
    Key { text: key_text, range: range(k) }
}

static KEY_FIELD: LazyLock<Option<FieldId>> = LazyLock::new(|| field_id("key"));
static VALUE_FIELD: LazyLock<Option<FieldId>> = LazyLock::new(|| field_id("value"));

fn field_id(name: &str) -> Option<FieldId> {
    tree_sitter::Language::from(tree_sitter_yaml::LANGUAGE).field_id_for_name(name)
}

#[cfg(test)]
mod point_tests {
    use super::*;

    #[test]
    fn points_from_newline_offsets() {
        let text = "a: 1\n\nbc: 2\r\nd";
        let nl: Vec<usize> = text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i).collect();
        assert_eq!(point_at(&nl, 0), Point { row: 0, column: 0 });
        assert_eq!(point_at(&nl, 4), Point { row: 0, column: 4 });
        assert_eq!(point_at(&nl, 5), Point { row: 1, column: 0 });
        assert_eq!(point_at(&nl, 8), Point { row: 2, column: 2 });
        assert_eq!(point_at(&nl, text.len()), Point { row: 3, column: 1 });
    }
}
