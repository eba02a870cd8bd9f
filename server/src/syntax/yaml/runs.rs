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
    /// Every clean run, in the order they were kept.
    all: Vec<RunAt>,
    /// By the hash of the run's text ([`text_hash`]: a 10 MB document's runs are hashed once):
    /// the first and the last run of that hash in `all` (the others in between by
    /// [`RunAt::next`]).
    map: crate::base::hash::HashMap<u64, (u32, u32)>,
    /// The row limit the runs were cut by.
    pub(super) row_limit: usize,
    /// How many runs this parse took from the previous one's.
    pub(super) reused: usize,
    /// How many runs this parse cut by scanning their lines (not taken by position).
    scanned: usize,
    /// How many blocks took nodes from the previous model: in that block's vector, or moved
    /// into a new one ([`YamlParser::place_taken`]).
    placed: [usize; 2],
    /// The offsets of the text's `\n` and `\r` ([`YamlParser::newlines`]), for the next
    /// version's ([`Runs::breaks`]).
    newlines: Vec<usize>,
    returns: Vec<usize>,
    /// No line of the text starts with a document marker or a directive.
    pub(super) no_markers: bool,
    /// The text has no `|` or `>`: no block scalar header.
    pub(super) no_scalars: bool,
    /// Each block cut into runs, by where it starts: its runs in order, for the next version to
    /// take by position ([`YamlParser::recover_runs_at`]).
    blocks: crate::base::hash::HashMap<usize, Block>,
}

/// A block cut into runs ([`YamlParser::recover_runs`]): where it ends, its base column and
/// kind, and its runs in order.
#[derive(Debug)]
struct Block {
    end: usize,
    base: usize,
    seq_mode: bool,
    units: Vec<Unit>,
}

/// One run of a block: clean (`run`) or recovered chunk by chunk (`starts`: its chunks; one
/// chunk over the limit on its own is recovered by [`YamlParser::recover_chunk`]).
#[derive(Debug)]
struct Unit {
    cs: usize,
    re: usize,
    /// The run in [`Runs::all`].
    run: Option<u32>,
    starts: Box<[usize]>,
}

/// The one edit between the previous version and this one, by whole lines: the text before `lo`
/// (a line start) is the same in both, and so is the previous text from `old_hi` and this one
/// from `new_hi` (line starts, or the ends).
#[derive(Clone, Copy, Debug)]
pub(super) struct Edit {
    pub(super) lo: usize,
    pub(super) old_hi: usize,
    pub(super) new_hi: usize,
    /// A `\n` after the edit ends its last line (just before `old_hi` and `new_hi`); otherwise
    /// the edit reaches the end of the text.
    pub(super) ends_line: bool,
    /// Found from the edit the editor told, not by comparing the texts.
    pub(super) told: bool,
}

impl Edit {
    /// The edit from `old` to `new`: from `known` (`old[lo..old_hi]` became `new[lo..new_hi]`,
    /// the rest the same) when it fits the two lengths, else from their common prefix and suffix.
    pub(super) fn between(old: &str, new: &str, known: Option<(usize, usize, usize)>) -> Edit {
        let (ob, nb) = (old.as_bytes(), new.as_bytes());
        // A told edit is taken when it fits the two lengths and the bytes on each side of it are
        // the same in both (a look at 64 each way: an edit told against another version fails it
        // but by chance).
        let fits = |&(lo, old_hi, new_hi): &(usize, usize, usize)| {
            lo <= old_hi
                && old_hi <= ob.len()
                && lo <= new_hi
                && new_hi <= nb.len()
                && ob.len() - old_hi == nb.len() - new_hi
                && ob[lo.saturating_sub(64)..lo] == nb[lo.saturating_sub(64)..lo]
                && ob[old_hi..(old_hi + 64).min(ob.len())] == nb[new_hi..(new_hi + 64).min(nb.len())]
        };
        let told = known.is_some_and(|k| fits(&k));
        let (prefix, suffix) = match known.filter(fits) {
            Some((lo, old_hi, new_hi)) => {
                debug_assert!(
                    ob[..lo] == nb[..lo] && ob[old_hi..] == nb[new_hi..],
                    "a known edit that is not the texts'"
                );
                (lo, ob.len() - old_hi)
            }
            None => {
                let prefix = crate::syntax::python::common_prefix(ob, nb);
                let room = ob.len().min(nb.len()) - prefix;
                (prefix, crate::syntax::python::common_suffix(&ob[ob.len() - room..], &nb[nb.len() - room..]))
            }
        };
        let lo = memchr::memrchr(b'\n', &nb[..prefix]).map_or(0, |i| i + 1);
        let old_end = ob.len() - suffix;
        let line_end = memchr::memchr(b'\n', &ob[old_end..]);
        let old_hi = line_end.map_or(ob.len(), |i| old_end + i + 1);
        Edit { lo, old_hi, new_hi: old_hi + nb.len() - ob.len(), ends_line: line_end.is_some(), told }
    }

    /// Where `x` of this version was in the previous one, if outside the edit.
    fn to_old(self, x: usize) -> Option<usize> {
        match x {
            x if x <= self.lo => Some(x),
            x if x >= self.new_hi => Some(x - self.new_hi + self.old_hi),
            _ => None,
        }
    }

    /// Where `x` of the previous version is in this one (`x` outside the edit).
    fn to_new(self, x: usize) -> usize {
        if x <= self.lo {
            x
        } else {
            x - self.old_hi + self.new_hi
        }
    }
}

impl Runs {
    /// Empty runs cut by `row_limit`, sized for as many as `old` had.
    pub(super) fn new(old: Option<&Runs>, row_limit: usize) -> Self {
        let capacity = old.map_or(0, |runs| runs.all.len());
        let map = crate::base::hash::HashMap::with_capacity_and_hasher(capacity, Default::default());
        Runs {
            all: Vec::with_capacity(capacity),
            map,
            row_limit,
            reused: 0,
            scanned: 0,
            placed: [0; 2],
            blocks: Default::default(),
            newlines: Vec::new(),
            returns: Vec::new(),
            no_markers: false,
            no_scalars: false,
        }
    }

    /// These runs, with the line-break tables of their text and whether it has document markers
    /// and block scalars.
    pub(super) fn with_breaks(
        self,
        newlines: Vec<usize>,
        returns: Vec<usize>,
        no_markers: bool,
        no_scalars: bool,
    ) -> Self {
        Runs { newlines, returns, no_markers, no_scalars, ..self }
    }

    /// The line-break tables of `text`, the version after these runs' by `edit`: the entries
    /// before and after the edit are these runs' (moved), only the edited lines are searched.
    pub(super) fn breaks(&self, text: &str, edit: Edit) -> (Vec<usize>, Vec<usize>) {
        let splice = |old: &[usize], b: u8| {
            let (head, tail) = (old.partition_point(|&x| x < edit.lo), old.partition_point(|&x| x < edit.old_hi));
            let edited = text.as_bytes().get(edit.lo..edit.new_hi).unwrap_or_default();
            let mut at = Vec::with_capacity(head + memchr::memchr_iter(b, edited).count() + old.len() - tail);
            at.extend_from_slice(&old[..head]);
            at.extend(memchr::memchr_iter(b, edited).map(|i| i + edit.lo));
            at.extend(old[tail..].iter().map(|&x| x - edit.old_hi + edit.new_hi));
            at
        };
        (splice(&self.newlines, b'\n'), splice(&self.returns, b'\r'))
    }

    /// How many clean runs there are.
    pub(super) fn len(&self) -> usize {
        self.all.len()
    }

    /// About how many entries or items the previous model these runs were cut in still holds
    /// once the next version took the runs `taken` says: those of the runs not taken and of
    /// the runs that were broken (recovered chunk by chunk).
    pub(super) fn left_after(&self, taken: &[bool]) -> usize {
        let untaken: usize = self.all.iter().zip(taken).filter(|(_, &t)| !t).map(|(r, _)| r.len).sum();
        let broken: usize =
            self.blocks.values().flat_map(|b| &b.units).filter(|u| u.run.is_none()).map(|u| u.starts.len()).sum();
        untaken + broken
    }

    /// How many runs were reused, of how many (tests).
    #[cfg(test)]
    pub(super) fn reused_of(&self) -> (usize, usize) {
        (self.reused, self.all.len())
    }

    /// How many runs were cut by scanning their lines (tests).
    #[cfg(test)]
    pub(super) fn scanned(&self) -> usize {
        self.scanned
    }

    /// How many blocks took nodes from the previous model in its vector, and how many moved them
    /// into a new one (tests).
    #[cfg(test)]
    pub(super) fn placed(&self) -> [usize; 2] {
        self.placed
    }

    /// The runs of the same text as `at` (of [`text_hash`] `hash`; compared to `text`, the runs'
    /// text), in the order they were kept.
    fn same_text<'r>(
        &'r self,
        (at, hash): (&'r str, u64),
        text: &'r str,
    ) -> impl Iterator<Item = (u32, &'r RunAt)> + 'r {
        let mut next = self.map.get(&hash).map(|&(first, _)| first);
        std::iter::from_fn(move || {
            let i = next?;
            let run = self.all.get(i as usize)?;
            next = run.next;
            Some((i, run))
        })
        .filter(move |(_, run)| text.get(run.start..run.end) == Some(at))
    }

    /// Keeps `run` (last by its hash), and returns where.
    fn keep(&mut self, mut run: RunAt) -> u32 {
        let i = self.all.len() as u32;
        run.next = None;
        match self.map.get_mut(&run.hash) {
            Some((_, last)) => {
                let before = std::mem::replace(last, i);
                if let Some(r) = self.all.get_mut(before as usize) {
                    r.next = Some(i);
                }
            }
            None => {
                self.map.insert(run.hash, (i, i));
            }
        }
        self.all.push(run);
        i
    }
}

/// Where one clean run's part of its block lies in the model.
#[derive(Clone, Debug)]
struct RunAt {
    /// [`text_hash`] of the run's text (`start..end`).
    hash: u64,
    /// The next run of the same hash in [`Runs::all`].
    next: Option<u32>,
    /// [`run_slot`].
    slot: usize,
    /// The block's node: from the root, the index of the entry (whose value it is) or item at each
    /// level ([`node_at`]).
    path: Arc<[u32]>,
    /// The run's entries or items in the block.
    from: usize,
    len: usize,
    /// Where the run started and ended, and its range.
    start: usize,
    end: usize,
    range: TextRange,
    /// Some of its items spells a key twice (a sequence's run: [`Node::has_dup_keys`]).
    dup: bool,
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

/// The chunk starts of a block of base column `base` (a sequence's when `seq_mode`) in
/// `from..end`, `from` one of them: content lines at (or left of) the base column; in a mapping,
/// `- ` lines at the base column belong to the key above (`key:\n- a`). `skip`: `(from, to)`
/// ranges of lines known to start no chunk (the scan goes on at `to` when it reaches them).
pub(super) fn chunk_starts(
    text: &str,
    (from, end): (usize, usize),
    base: usize,
    seq_mode: bool,
    skip: Option<[(usize, usize); 2]>,
) -> impl Iterator<Item = usize> + '_ {
    let b = text.as_bytes();
    let end = end.min(b.len());
    let mut pos = from;
    std::iter::from_fn(move || {
        while pos < end {
            if let Some(&(_, to)) = skip.iter().flatten().find(|&&(a, z)| a <= pos && pos < z) {
                pos = to;
                continue;
            }
            let at = pos;
            // A line indented past the base starts no chunk: only its first bytes are looked at.
            if b[at..end].len() > base && b[at..=at + base].iter().all(|&c| c == b' ') {
                pos = memchr::memchr(b'\n', &b[at..end]).map_or(end, |i| at + i + 1);
                continue;
            }
            let l = line_iter(text, at, end).next()?;
            pos = l.next;
            let col = l.column();
            if l.is_content(text) && col <= base && (seq_mode || col < base || !is_dash(l.text(text))) {
                return Some(at);
            }
        }
        None
    })
}

/// A block's chunk starts found as they are asked for.
struct Starts<I> {
    scan: I,
    found: Vec<usize>,
}

impl<I: Iterator<Item = usize>> Starts<I> {
    fn get(&mut self, i: usize) -> Option<usize> {
        while self.found.len() <= i {
            self.found.push(self.scan.next()?);
        }
        Some(self.found[i])
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
    /// Whether a block's run that starts at `cs` ends before the chunk `s..ce`: the limit would
    /// be passed, or the text says so ([`RUN_SPLIT`]), and the chunk starts a `key:` (or a `- `
    /// item) at the base column.
    fn cuts_before(&self, cs: usize, s: usize, ce: usize, base: usize, seq_mode: bool) -> bool {
        let text = self.text;
        let text_cut = || s - cs >= RUN_MIN_BYTES && text_hash(line_at(text, s).0).is_multiple_of(RUN_SPLIT);
        let cut_here = || {
            let l = line_at(text, s).0.trim_end_matches('\r');
            let t = l.trim_start_matches(' ');
            l.len() - t.len() == base
                && if seq_mode { is_dash(t) } else { !t.starts_with('?') && split_key(t).is_some() }
        };
        (text_cut() || self.over_limit(cs, ce)) && cut_here()
    }

    /// The block `start..end` (chunks from `first`, at column `base`; a sequence when
    /// `seq_mode`) with more lines than one parse may see, parsed as runs of whole chunks that
    /// stay within the limit; a run cut only before a chunk that starts a `key:` (or a `- ` item)
    /// at the base column, so each run is a block the whole parse holds as is. A broken run is
    /// recovered chunk by chunk; a chunk over the limit on its own, by [`Self::recover_chunk`].
    /// When the previous version had this block (the edit inside it or not), its runs before
    /// the edit are taken as they are, the runs around the edit are cut again until a cut falls
    /// where one fell before, and the runs from there on are the previous ones, moved: only the
    /// lines around the edit are looked at. Returns what the clean runs cover.
    pub(super) fn recover_runs(
        &mut self,
        (start, first, end): (usize, usize, usize),
        out: &mut Out,
    ) -> Option<TextRange> {
        let (text, base, seq_mode) = (self.text, out.base, out.seq_mode);
        let first_pending = self.pending.len();
        let old_runs = self.old_runs.clone();
        let old = self.edit.zip(old_runs.as_deref()).and_then(|(edit, runs)| {
            let b = runs.blocks.get(&edit.to_old(start)?)?;
            (Some(b.end) == edit.to_old(end) && b.base == base && b.seq_mode == seq_mode).then_some((edit, b))
        });
        let mut units = Vec::new();
        let mut covered: Option<TextRange> = None;
        let mut cover = |r: Option<TextRange>| {
            if let Some(r) = r {
                covered = Some(covered.map_or(r, |c| c.cover(r)));
            }
        };
        // The runs before the edit, as they were; the scan starts at the last of them (its end
        // may be the edited line).
        let (from, after) = match old {
            Some((edit, b)) => {
                let k = b.units.partition_point(|u| u.re <= edit.lo).saturating_sub(1);
                for u in &b.units[..k] {
                    cover(self.reuse_unit(u, (u.cs, u.re), &mut units, out));
                }
                // (The first run may be after the edit, or be the edited line: the block's start.)
                (if k == 0 { first } else { b.units[k].cs }, Some((edit, b)))
            }
            None => (first, None),
        };
        // The run holding the edit, when its chunks are known (a chunk over the limit on its own:
        // hundreds of thousands of lines that start none): its lines around the edit, between
        // its chunk starts, start a chunk no more than they did.
        let skip = after.and_then(|(edit, b)| {
            let u = b.units.get(b.units.partition_point(|u| u.re < edit.old_hi))?;
            if u.run.is_some() || u.cs >= edit.lo {
                return None;
            }
            let before = u.starts.iter().copied().rfind(|&s| s < edit.lo)?;
            let next = u.starts.iter().copied().find(|&s| s >= edit.old_hi).unwrap_or(u.re);
            Some([(before + 1, edit.lo), (edit.new_hi, edit.to_new(next))])
        });
        let mut scan = Starts { scan: chunk_starts(text, (from, end), base, seq_mode, skip), found: Vec::new() };
        let mut i = 0;
        let mut synced = None;
        while let Some(cs) = scan.get(i) {
            // In step with the previous version again: the rest is its runs, moved.
            if let Some((edit, b)) = after.filter(|(edit, _)| cs >= edit.new_hi) {
                if let Ok(m) = b.units.binary_search_by_key(&edit.to_old(cs).unwrap_or(usize::MAX), |u| u.cs) {
                    synced = Some((edit, &b.units[m..]));
                    break;
                }
            }
            let mut j = i + 1;
            while let Some(s) = scan.get(j) {
                let ce = scan.get(j + 1).unwrap_or(end);
                if self.cuts_before(cs, s, ce, base, seq_mode) {
                    break;
                }
                j += 1;
            }
            let re = scan.get(j).unwrap_or(end);
            let starts = scan.found[i..j].to_vec();
            if let Some(runs) = self.runs.as_mut() {
                runs.scanned += 1;
            }
            cover(self.recover_run(&starts, re, &mut units, out));
            i = j;
        }
        if let Some((edit, rest)) = synced {
            for u in rest {
                let (cs, re) = (edit.to_new(u.cs), edit.to_new(u.re));
                cover(self.reuse_unit(u, (cs, re), &mut units, out));
            }
        }
        self.place_taken(first_pending, out);
        if let Some(runs) = self.runs.as_mut() {
            runs.blocks.insert(start, Block { end, base, seq_mode, units });
        }
        covered
    }

    /// The previous version's run `u`, now at `cs..re` (the same text): its nodes taken from the
    /// previous model when it was clean, else recovered again as the scan would.
    fn reuse_unit(
        &mut self,
        u: &Unit,
        (cs, re): (usize, usize),
        units: &mut Vec<Unit>,
        out: &mut Out,
    ) -> Option<TextRange> {
        let old_runs = self.old_runs.clone();
        if let Some((k, at)) = u.run.zip(old_runs.as_deref()).and_then(|(k, o)| Some((k, o.all.get(k as usize)?))) {
            let slot = run_slot(out.seq_mode, re < self.doc_end);
            let from = out.len();
            if at.slot == slot && self.take_old(k, at, cs, out) {
                let mut range = at.range;
                offset_by(at.start, cs)(&mut range);
                let (path, next) = (self.path_arc(), None);
                let run = RunAt { from, start: cs, end: re, range, path, next, ..*at };
                self.record(run, units, re);
                if let Some(runs) = self.runs.as_mut() {
                    runs.reused += 1;
                }
                return Some(range);
            }
        }
        let starts: Vec<usize> = match u.run {
            Some(_) => chunk_starts(self.text, (cs, re), out.base, out.seq_mode, None).collect(),
            None => u.starts.iter().map(|&s| s - u.cs + cs).collect(),
        };
        self.recover_run(&starts, re, units, out)
    }

    /// The run of the chunks at `starts` (the last ends at `re`), recorded in `units`.
    fn recover_run(&mut self, starts: &[usize], re: usize, units: &mut Vec<Unit>, out: &mut Out) -> Option<TextRange> {
        let cs = starts[0];
        let chunk_end = |k: usize| starts.get(k + 1).copied().unwrap_or(re);
        if starts.len() > 1 || !self.over_limit(cs, re) {
            let from = out.len();
            if let Some((range, run)) = self.clean_run(cs, re, out) {
                let len = out.len() - from;
                let path = self.path_arc();
                self.record(RunAt { from, len, path, ..run }, units, re);
                return Some(range);
            }
        }
        units.push(Unit { cs, re, run: None, starts: starts.into() });
        let mut covered: Option<TextRange> = None;
        let before = out.errors.len();
        for (k, &s) in starts.iter().enumerate() {
            if let Some(r) = self.recover_chunk(s, chunk_end(k), out) {
                covered = Some(covered.map_or(r, |c| c.cover(r)));
            }
        }
        if out.errors.len() == before && (starts.len() > 1 || !self.over_limit(cs, re)) {
            let e = self.classify(cs, re, Some(out.base));
            out.errors.push(e);
        }
        covered
    }

    /// [`Self::path`] shared by the runs of its block.
    fn path_arc(&mut self) -> Arc<[u32]> {
        match &self.path_shared {
            Some(p) if **p == *self.path => p.clone(),
            _ => self.path_shared.insert(self.path.as_slice().into()).clone(),
        }
    }

    /// Keeps the clean run `run` (ending at `re`) for the next version: by its text, and in
    /// its block's `units`.
    fn record(&mut self, run: RunAt, units: &mut Vec<Unit>, re: usize) {
        let cs = run.start;
        let at = self.runs.as_mut().map(|runs| runs.keep(run));
        units.push(Unit { cs, re, run: at, starts: Box::default() });
    }

    /// The run `cs..re` of a block over the limit when it parses clean (its nodes taken from the
    /// previous model when a previous run had the same text): its part of the block added to
    /// `entries` or `items`, its range, and what [`Self::record`] keeps of it (its place in the
    /// block and its path left for the caller). `None` when it is broken or the wrong kind of block.
    fn clean_run(&mut self, cs: usize, re: usize, out: &mut Out) -> Option<(TextRange, RunAt)> {
        let key = &self.text[cs..re];
        let hash = text_hash(key);
        let slot = run_slot(out.seq_mode, re < self.doc_end);
        let old_runs = self.old_runs.clone();
        let mut found = None;
        for (k, at) in old_runs.as_deref().into_iter().flat_map(|o| o.same_text((key, hash), self.old_text)) {
            if at.slot == slot && self.take_old(k, at, cs, out) {
                let mut r = at.range;
                offset_by(at.start, cs)(&mut r);
                found = Some((r, at.dup));
                if let Some(runs) = self.runs.as_mut() {
                    runs.reused += 1;
                }
                break;
            }
        }
        let (range, dup) = match found {
            Some(found) => found,
            None => {
                let tree = self.parse(cs, re).filter(|t| !t.root_node().has_error())?;
                let fresh = out.items.len();
                let range = self.take(&tree, (cs, re), out)?;
                (range, out.items[fresh..].iter().any(Node::has_dup_keys))
            }
        };
        let path = Arc::from([]);
        Some((range, RunAt { hash, next: None, slot, path, from: 0, len: 0, start: cs, end: re, range, dup }))
    }

    /// Takes the nodes of the previous run `at` (of the same text as the run starting at `cs`)
    /// from the previous model for the block being recovered, their ranges to move to `cs`:
    /// they stay where they are until the block is complete ([`Self::place_taken`]). Not when
    /// they end their block: the whole parse ends those where the block ends ([`end_tail`]),
    /// they may not be the run's own.
    ///
    /// `k`: the run in the previous [`Runs::all`] (each is taken once).
    fn take_old(&mut self, k: u32, at: &RunAt, cs: usize, out: &mut Out) -> bool {
        if self.taken.get(k as usize).is_none_or(|&taken| taken) {
            return false;
        }
        let Some(block) = self.old_root.as_mut().and_then(|root| node_at(root, &at.path)) else { return false };
        let fits = match (&block.value, out.seq_mode) {
            (Value::Sequence(sq), true) => !sq.flow && at.from + at.len < sq.items.len(),
            (Value::Mapping(m), false) => !m.flow && at.from + at.len < m.entries.len(),
            _ => false,
        };
        if fits {
            let run = at.from..at.from + at.len;
            self.pending.push(Pending {
                at: out.len(),
                path: at.path.clone(),
                run,
                shift: (at.start, cs),
                dup: at.dup,
            });
            out.taken += at.len;
            self.taken[k as usize] = true;
        }
        fits
    }

    /// Puts the nodes the block took from the previous model since `first` ([`Self::take_old`])
    /// in their places among those parsed, and moves their ranges (half a 10 MB list moves on
    /// each keystroke: 1 ms, on this thread; spread over rayon's pool, it waited up to 30 ms
    /// behind a workspace check parsing a big script there). When they are all of one previous
    /// block, in its order, that block's vector is the new one: the runs parsed again replace
    /// the runs around the edit in it, and the unchanged ones are not copied.
    fn place_taken(&mut self, first: usize, out: &mut Out) {
        let pending = self.pending.split_off(first);
        if pending.is_empty() {
            return;
        }
        out.taken = 0;
        let root = self.old_root.as_mut();
        let in_place = if out.seq_mode {
            // Whether some item spells a key twice: the taken runs know it of theirs.
            out.dup = Some(pending.iter().any(|p| p.dup) || out.items.iter().any(Node::has_dup_keys));
            place(root, out.items, &pending)
        } else {
            place(root, out.entries, &pending)
        };
        if let Some(runs) = self.runs.as_mut() {
            runs.placed[usize::from(!in_place)] += 1;
        }
    }
}

/// Nodes of a previous block a block being recovered takes ([`YamlParser::take_old`]): their
/// place in the new block, their block's path and place in the previous model, and where their
/// ranges move from and to.
#[derive(Debug)]
pub(super) struct Pending {
    at: usize,
    path: Arc<[u32]>,
    run: std::ops::Range<usize>,
    shift: (usize, usize),
    /// [`RunAt::dup`].
    dup: bool,
}

/// What a block holds: a sequence's items or a mapping's entries.
trait Member: Sized {
    /// What is left of one taken out of the previous model (no allocation).
    fn emptied() -> Self;
    /// The vector of these of the block `n`, when it is that kind of block.
    fn vec_of(n: &mut Node) -> Option<&mut Vec<Self>>;
    /// Moves every range of it with `shift`.
    fn shift(&mut self, shift: &impl Fn(&mut TextRange));
}

impl Member for Node {
    fn emptied() -> Self {
        let value = Value::Scalar(Scalar { text: Default::default(), style: ScalarStyle::Plain, null: true });
        Node { range: TextRange::default(), value }
    }
    fn vec_of(n: &mut Node) -> Option<&mut Vec<Self>> {
        match &mut n.value {
            Value::Sequence(sq) => Some(&mut sq.items),
            _ => None,
        }
    }
    fn shift(&mut self, shift: &impl Fn(&mut TextRange)) {
        shift_node(self, shift, &mut |_| {});
    }
}

impl Member for Entry {
    fn emptied() -> Self {
        Entry {
            key: Key { text: Default::default(), range: TextRange::default() },
            value: None,
            range: TextRange::default(),
        }
    }
    fn vec_of(n: &mut Node) -> Option<&mut Vec<Self>> {
        match &mut n.value {
            Value::Mapping(m) => Some(&mut m.entries),
            _ => None,
        }
    }
    fn shift(&mut self, shift: &impl Fn(&mut TextRange)) {
        shift_entry(self, shift);
    }
}

/// `vec` (the block's fresh entries or items) with the `pending` ones put in their places
/// ([`assemble`]), their ranges moved. Whether the vector is the previous block's.
fn place<T: Member>(root: Option<&mut Node>, vec: &mut Vec<T>, pending: &[Pending]) -> bool {
    let in_place;
    (*vec, in_place) = assemble(root, std::mem::take(vec), pending);
    for (nodes, from, to) in split_moves(vec, pending) {
        let shift = offset_by(from, to);
        nodes.iter_mut().for_each(|n| n.shift(&shift));
    }
    in_place
}

/// A block's entries or items: those parsed (`fresh`, in order) and those `pending` takes from
/// the previous model (`root`), each at its place. When every
/// pending run is of one previous block and in its order, that block's vector is taken whole and
/// the fresh nodes replace what lies between the runs (the ends included); otherwise the nodes
/// are moved into a new vector, leaving emptied ones. Returns the vector, and whether it is the
/// previous block's.
fn assemble<T: Member>(mut root: Option<&mut Node>, mut fresh: Vec<T>, pending: &[Pending]) -> (Vec<T>, bool) {
    let total = fresh.len() + pending.iter().map(|p| p.run.len()).sum::<usize>();
    let one_block = pending.windows(2).all(|w| w[0].path == w[1].path && w[0].run.end <= w[1].run.start);
    let first = root.as_deref_mut().and_then(|r| node_at(r, &pending[0].path)).and_then(T::vec_of);
    // (Each run was checked to lie in its block when taken; a vector that lost them since, which
    // nothing does, is not spliced.)
    let fits = |old: &&mut Vec<T>| one_block && pending.last().is_some_and(|p| p.run.end <= old.len());
    if let Some(old) = first.filter(fits) {
        let mut vec = std::mem::take(old);
        // From the end back, so that the places before stay: what lies after each run (up to
        // the next, or the end) becomes the fresh nodes placed there.
        let mut next = (vec.len(), total);
        for p in pending.iter().rev() {
            let (run_end, at_end) = (p.run.end, p.at + p.run.len());
            let part = fresh.split_off(fresh.len() - (next.1 - at_end));
            vec.splice(run_end..next.0, part);
            next = (p.run.start, p.at);
        }
        vec.splice(0..next.0, fresh);
        debug_assert_eq!(vec.len(), total);
        return (vec, true);
    }
    let mut vec = Vec::with_capacity(total);
    let mut fresh = fresh.into_iter();
    for p in pending {
        vec.extend(fresh.by_ref().take(p.at - vec.len()));
        let old = root.as_deref_mut().and_then(|r| node_at(r, &p.path)).and_then(T::vec_of);
        match old.and_then(|v| v.get_mut(p.run.clone())) {
            Some(nodes) => vec.extend(nodes.iter_mut().map(|n| std::mem::replace(n, T::emptied()))),
            // (Cannot be: each run was checked when taken, and runs do not overlap. The places
            // after stay where they were counted.)
            None => {
                debug_assert!(false, "a taken run gone from the previous model");
                vec.extend((0..p.run.len()).map(|_| T::emptied()));
            }
        }
    }
    vec.extend(fresh);
    (vec, false)
}

/// The parts of `rest` the `pending` runs were placed at whose ranges move, each with its move.
fn split_moves<'a, T>(mut rest: &'a mut [T], pending: &[Pending]) -> Vec<(&'a mut [T], usize, usize)> {
    let mut parts = Vec::with_capacity(pending.len());
    let mut done = 0;
    for p in pending.iter().filter(|p| p.shift.0 != p.shift.1) {
        let (_, tail) = std::mem::take(&mut rest).split_at_mut(p.at - done);
        let (part, tail) = tail.split_at_mut(p.run.len());
        parts.push((part, p.shift.0, p.shift.1));
        rest = tail;
        done = p.at + p.run.len();
    }
    parts
}
