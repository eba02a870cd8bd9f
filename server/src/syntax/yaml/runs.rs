//! Documents over the row limit ([`super::ROW_LIMIT`]): a block too long for one parse is parsed
//! as runs of whole chunks ([`YamlParser::recover_runs`]), and the next version takes the nodes of
//! its unchanged runs from the previous model ([`Runs`]).

use std::sync::Arc;

use super::*;

/// The clean runs a document over the limit was parsed in ([`YamlParser::recover_runs`]), by their
/// text: where each one's part of its block lies in the model. A run's part depends on its text
/// only (and on whether it is a sequence's and ends before the document does), so the next
/// version takes the nodes of every run whose text it finds here out of the previous model
/// (moving their ranges) instead of parsing it, and gives the model a fresh parse gives. Runs are
/// cut where the text says ([`RUN_SPLIT`]): an edit changes the runs around it, the others keep
/// their text and only move.
#[derive(Debug, Default)]
pub(crate) struct Runs {
    /// By the hash of the run's text ([`text_hash`]: a 10 MB document's runs are hashed once).
    map: crate::base::hash::HashMap<u64, Vec<RunAt>>,
    /// The row limit the runs were cut by.
    pub(super) row_limit: usize,
    /// How many runs this parse took from the previous one's.
    pub(super) reused: usize,
}

impl Runs {
    /// Empty runs cut by `row_limit`, sized for as many as `old` had.
    pub(super) fn new(old: Option<&Runs>, row_limit: usize) -> Self {
        let capacity = old.map_or(0, |runs| runs.map.len());
        let map = crate::base::hash::HashMap::with_capacity_and_hasher(capacity, Default::default());
        Runs { map, row_limit, reused: 0 }
    }

    /// How many runs were reused, of how many (tests).
    #[cfg(test)]
    pub(super) fn reused_of(&self) -> (usize, usize) {
        (self.reused, self.map.values().map(Vec::len).sum())
    }
}

/// Where one clean run's part of its block lies in the model.
#[derive(Debug)]
struct RunAt {
    text: Arc<str>,
    /// [`run_slot`].
    slot: usize,
    /// The block's node: from the root, the index of the entry (whose value it is) or item at each
    /// level ([`node_at`]).
    path: Arc<[u32]>,
    /// The run's entries or items in the block.
    from: usize,
    len: usize,
    /// Where the run started, and its range.
    start: usize,
    range: TextRange,
}

/// The node at `path` under `root` ([`RunAt::path`]).
pub(super) fn node_at<'n>(root: &'n mut Node, path: &[u32]) -> Option<&'n mut Node> {
    let mut n = root;
    for &i in path {
        n = match &mut n.value {
            Value::Mapping(m) => m.entries.get_mut(i as usize)?.value.as_mut()?,
            Value::Sequence(sq) => sq.items.get_mut(i as usize)?,
            Value::Scalar(_) => return None,
        };
    }
    Some(n)
}

/// How many entries or items the block at `path` under `root` holds ([`RunAt::path`]).
pub(super) fn block_len(root: &Node, path: &[u32]) -> Option<usize> {
    let mut n = root;
    for &i in path {
        n = match &n.value {
            Value::Mapping(m) => m.entries.get(i as usize)?.value.as_ref()?,
            Value::Sequence(sq) => sq.items.get(i as usize)?,
            Value::Scalar(_) => return None,
        };
    }
    match &n.value {
        Value::Mapping(m) => Some(m.entries.len()),
        Value::Sequence(sq) => Some(sq.items.len()),
        Value::Scalar(_) => None,
    }
}

/// What is left of a node taken out of the previous model (no allocation).
pub(super) fn taken_node() -> Node {
    Node {
        range: TextRange::default(),
        value: Value::Scalar(Scalar { text: Default::default(), style: ScalarStyle::Plain, null: true }),
    }
}

/// Where a run's part goes among its text's: a sequence's or a mapping's, ended before the
/// end of the document (its tail ended as the whole parse ends it) or at it.
pub(super) fn run_slot(seq_mode: bool, before_end: bool) -> usize {
    usize::from(seq_mode) * 2 + usize::from(before_end)
}

/// A block too long for one parse is cut before a chunk whose first line hashes to a multiple of
/// this, once the run holds [`RUN_MIN_BYTES`] (and where the limit says): cuts that depend on the
/// text near them, so that an edit moves none far from it. (Small in tests, so that the
/// random documents are cut at such places.)
const RUN_SPLIT: u64 = if cfg!(test) { 3 } else { 32 };
const RUN_MIN_BYTES: usize = if cfg!(test) { 12 } else { 2048 };

/// Moves every range of `e` with `shift`.
pub(super) fn shift_entry(e: &mut Entry, shift: &impl Fn(&mut TextRange)) {
    shift(&mut e.range);
    shift(&mut e.key.range);
    if let Some(v) = e.value.as_mut() {
        shift_node(v, shift, &mut |_| {});
    }
}

/// A shift of ranges from `from` to `to` (every offset shifted is at least `from`).
pub(super) fn offset_by(from: usize, to: usize) -> impl Fn(&mut TextRange) {
    move |r: &mut TextRange| {
        r.start = (r.start as usize - from + to) as u32;
        r.end = (r.end as usize - from + to) as u32;
    }
}

impl YamlParser<'_> {
    /// The chunks starting at `starts` (the last ends at `end`) of a block with more lines than
    /// one parse may see, parsed as runs of whole chunks that stay within the limit; a run cut
    /// only before a chunk that starts a `key:` (or a `- ` item) at the base column, so each run
    /// is a block the whole parse holds as is. A broken run is recovered chunk by chunk; a chunk
    /// over the limit on its own, by [`Self::recover_chunk`]. Returns what the clean runs cover.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn recover_runs(
        &mut self,
        starts: &[usize],
        end: usize,
        base: usize,
        seq_mode: bool,
        entries: &mut Vec<Entry>,
        items: &mut Vec<Node>,
        errors: &mut Vec<SyntaxError>,
    ) -> Option<TextRange> {
        let text = self.text;
        let chunk_end = |i: usize| starts.get(i + 1).copied().unwrap_or(end);
        let cut_before = |s: usize| {
            let l = line_at(text, s).0.trim_end_matches('\r');
            let t = l.trim_start_matches(' ');
            l.len() - t.len() == base
                && if seq_mode { is_dash(t) } else { !t.starts_with('?') && split_key(t).is_some() }
        };
        let mut covered: Option<TextRange> = None;
        let mut i = 0;
        while i < starts.len() {
            let cs = starts[i];
            let mut j = i + 1;
            let text_cut =
                |s: usize| s - cs >= RUN_MIN_BYTES && text_hash(line_at(text, s).0).is_multiple_of(RUN_SPLIT);
            while j < starts.len()
                && !((text_cut(starts[j]) || self.over_limit(cs, chunk_end(j))) && cut_before(starts[j]))
            {
                j += 1;
            }
            let re = chunk_end(j - 1);
            if j == i + 1 && self.over_limit(cs, re) {
                if let Some(r) = self.recover_chunk(cs, re, base, seq_mode, entries, items, errors) {
                    covered = Some(covered.map_or(r, |c| c.cover(r)));
                }
            } else {
                match self.clean_run(cs, re, seq_mode, entries, items) {
                    Some(r) => covered = Some(covered.map_or(r, |c| c.cover(r))),
                    None => {
                        let before = errors.len();
                        for (k, &s) in starts.iter().enumerate().take(j).skip(i) {
                            if let Some(r) = self.recover_chunk(s, chunk_end(k), base, seq_mode, entries, items, errors)
                            {
                                covered = Some(covered.map_or(r, |c| c.cover(r)));
                            }
                        }
                        if errors.len() == before {
                            errors.push(self.classify(cs, re, Some(base)));
                        }
                    }
                }
            }
            i = j;
        }
        covered
    }

    /// The run `cs..re` of a block over the limit when it parses clean (its nodes taken from the
    /// previous model when a previous run had the same text): its part of the block added to
    /// `entries` or `items`, and its range. `None` when it is broken or the wrong kind of block.
    fn clean_run(
        &mut self,
        cs: usize,
        re: usize,
        seq_mode: bool,
        entries: &mut Vec<Entry>,
        items: &mut Vec<Node>,
    ) -> Option<TextRange> {
        let key = &self.text[cs..re];
        let hash = text_hash(key);
        let slot = run_slot(seq_mode, re < self.doc_end);
        let from = if seq_mode { items.len() } else { entries.len() };
        let old_runs = self.old_runs.clone();
        let old = old_runs.as_ref().and_then(|o| o.map.get(&hash));
        let same_text = old.into_iter().flatten().filter(|at| *at.text == *key);
        let mut text = same_text.clone().next().map(|at| at.text.clone());
        let mut range = None;
        for at in same_text.filter(|at| at.slot == slot) {
            if !self.taken.contains(&at.start) && self.take_old(at, cs, seq_mode, entries, items) {
                self.taken.insert(at.start);
                let mut r = at.range;
                offset_by(at.start, cs)(&mut r);
                range = Some(r);
                if let Some(runs) = self.runs.as_mut() {
                    runs.reused += 1;
                }
                break;
            }
        }
        let range = match range {
            Some(r) => r,
            None => {
                let tree = self.parse(cs, re).filter(|t| !t.root_node().has_error())?;
                self.take(&tree, (cs, re), seq_mode, entries, items)?
            }
        };
        if let Some(runs) = self.runs.as_mut() {
            let len = if seq_mode { items.len() } else { entries.len() } - from;
            let text = text.take().unwrap_or_else(|| Arc::from(key));
            let path = self.path.as_slice().into();
            runs.map.entry(hash).or_default().push(RunAt { text, slot, path, from, len, start: cs, range });
        }
        Some(range)
    }

    /// Moves the nodes of the previous run `at` (of the same text as the run starting at `cs`)
    /// from the previous model to `entries` or `items`, their ranges moved to `cs`. Not when they
    /// end their block: the whole parse ends those where the block ends ([`end_tail`]), they may
    /// not be the run's own.
    fn take_old(
        &mut self,
        at: &RunAt,
        cs: usize,
        seq_mode: bool,
        entries: &mut Vec<Entry>,
        items: &mut Vec<Node>,
    ) -> bool {
        let Some(block) = self.old_root.as_mut().and_then(|root| node_at(root, &at.path)) else { return false };
        let shift = offset_by(at.start, cs);
        let moved = at.start != cs;
        let run = at.from..at.from + at.len;
        match (&mut block.value, seq_mode) {
            (Value::Sequence(sq), true) if !sq.flow && run.end < sq.items.len() => {
                items.extend(sq.items[run].iter_mut().map(|n| {
                    let mut n = std::mem::replace(n, taken_node());
                    if moved {
                        shift_node(&mut n, &shift, &mut |_| {});
                    }
                    n
                }));
            }
            (Value::Mapping(m), false) if !m.flow && run.end < m.entries.len() => {
                entries.extend(m.entries[run].iter_mut().map(|e| {
                    let key = Key { text: Default::default(), range: TextRange::default() };
                    let mut e = std::mem::replace(e, Entry { key, value: None, range: TextRange::default() });
                    if moved {
                        shift_entry(&mut e, &shift);
                    }
                    e
                }));
            }
            _ => return false,
        }
        true
    }
}
