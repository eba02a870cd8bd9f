//! An open editor buffer: a rope, its version, and change application in either encoding.

use std::sync::Arc;

use ropey::Rope;

use super::{LineCol, PositionEncoding};

/// One content change as the editor sends it: a range to replace, or `None` for the whole text.
#[derive(Clone, Debug)]
pub struct ContentChange {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

/// One version of one open document. A document's id is unique for the server's life (a
/// document opened again starts its versions over, under a new id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocVersion {
    pub doc: u64,
    pub version: i32,
}

/// The bytes one version changed of the previous one's text (`from`): `lo..old_hi` there became
/// `lo..new_hi`; the text before and after is the same. A reparse takes it instead of comparing
/// two 10 MB texts for their common prefix and suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edited {
    pub from: DocVersion,
    pub lo: usize,
    pub old_hi: usize,
    pub new_hi: usize,
}

#[derive(Clone, Debug)]
pub struct Document {
    rope: Rope,
    version: i32,
    /// The text as one string, rebuilt after each applied change (analysis reads `&str`).
    text: Arc<str>,
    /// [`DocVersion::doc`].
    id: u64,
    /// What the last applied version changed, when it was one range.
    edited: Option<Edited>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Document { rope: Rope::from_str(text), version, text: Arc::from(text), id, edited: None }
    }

    /// This version as a snapshot sees it.
    pub fn open_file(&self) -> super::OpenFile {
        super::OpenFile { text: self.text.clone(), version: self.version, doc: Some(self.id), edited: self.edited }
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn text(&self) -> Arc<str> {
        self.text.clone()
    }

    /// Apply the changes of version `version`, in order. Versions only grow: a change that is not
    /// newer than what we hold is stale (re-sent or reordered) and is dropped; returns false then.
    pub fn apply(&mut self, version: i32, changes: &[ContentChange], enc: PositionEncoding) -> bool {
        if version <= self.version {
            return false;
        }
        let from = DocVersion { doc: self.id, version: self.version };
        self.edited = None;
        // One ranged change: the text is the previous one's with it (copied in three pieces,
        // not chunk by chunk out of the rope: a tenth of a 10 MB document's keystroke).
        let mut spliced = None;
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some((start, end)) => {
                    let a = self.char_index(start, enc);
                    let b = self.char_index(end, enc).max(a);
                    let (lo, old_hi) = (self.rope.char_to_byte(a), self.rope.char_to_byte(b));
                    self.rope.remove(a..b);
                    self.rope.insert(a, &change.text);
                    if changes.len() == 1 {
                        self.edited = Some(Edited { from, lo, old_hi, new_hi: lo + change.text.len() });
                        let (head, tail) = (&self.text[..lo], &self.text[old_hi..]);
                        let len = head.len() + change.text.len() + tail.len();
                        spliced = Some(joined([head, change.text.as_str(), tail].into_iter(), len));
                    }
                }
            }
        }
        self.version = version;
        self.text = spliced.unwrap_or_else(|| rope_text(&self.rope));
        debug_assert!(self.text.len() == self.rope.len_bytes() && self.rope == *self.text);
        true
    }

    /// Line/column → char index, clamping past-the-end columns to the line end (before its
    /// line break) and past-the-end lines to the end of the text.
    fn char_index(&self, pos: LineCol, enc: PositionEncoding) -> usize {
        let rope = &self.rope;
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let line_start = rope.line_to_char(line);
        let line_slice = rope.line(line);
        let mut line_len = line_slice.len_chars();
        // Do not let a column land inside or after the line break.
        while line_len > 0 && matches!(line_slice.char(line_len - 1), '\n' | '\r') {
            line_len -= 1;
        }
        let col = pos.col as usize;
        let in_line = match enc {
            PositionEncoding::Utf8 => {
                let bytes = col.min(line_slice.len_bytes());
                line_slice.byte_to_char(bytes)
            }
            PositionEncoding::Utf16 => {
                let units = col.min(line_slice.len_utf16_cu());
                line_slice.utf16_cu_to_char(units)
            }
        };
        line_start + in_line.min(line_len)
    }
}

/// `pieces` (`len` bytes in all) as one text, in one allocation of its exact size, written once:
/// `Arc::from(rope.to_string())` grew a `String` by doubling (copying and faulting in pages at each
/// step) and then copied it again into the `Arc` (a 10 MB document: three quarters of a
/// keystroke's cost in `apply`).
fn joined<'p>(pieces: impl Iterator<Item = &'p str> + Clone, len: usize) -> Arc<str> {
    let mut buf = Arc::<[u8]>::new_uninit_slice(len);
    // A fresh `Arc` has no other owner.
    if let Some(slots) = Arc::get_mut(&mut buf) {
        let mut at = 0;
        for piece in pieces.clone() {
            let Some(to) = slots.get_mut(at..at + piece.len()) else { break };
            // SAFETY: `to` is `piece.len()` bytes of a fresh allocation, `piece` is another
            // string's: no overlap. (`write_copy_of_slice` is newer than the crate's minimum
            // Rust, and a loop over the bytes was not turned into a copy: a fifth of a 10 MB
            // keystroke.)
            unsafe { std::ptr::copy_nonoverlapping(piece.as_ptr(), to.as_mut_ptr().cast::<u8>(), piece.len()) };
            at += piece.len();
        }
        if at == len {
            // SAFETY: every byte was written above (the pieces filled the `len` bytes); they are
            // the concatenation of `&str`s, hence UTF-8, and `str` has the layout of `[u8]`.
            return unsafe { Arc::from_raw(Arc::into_raw(buf.assume_init()) as *const str) };
        }
    }
    Arc::from(pieces.collect::<String>())
}

/// The rope's text ([`joined`]).
fn rope_text(rope: &Rope) -> Arc<str> {
    joined(rope.chunks(), rope.len_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn incremental_utf16_edit_after_astral_char() {
        let mut d = Document::new("title: 🎉a\nb", 1);
        // "🎉" is two UTF-16 units: column 9 is right after it.
        let ch = ContentChange { range: Some((lc(0, 9), lc(0, 10))), text: "X".into() };
        assert!(d.apply(2, &[ch], PositionEncoding::Utf16));
        assert_eq!(&*d.text(), "title: 🎉X\nb");
    }

    #[test]
    fn utf8_columns_and_stale_versions() {
        let mut d = Document::new("é: x", 3);
        let ch = ContentChange { range: Some((lc(0, 2), lc(0, 3))), text: "=".into() };
        assert!(d.apply(4, std::slice::from_ref(&ch), PositionEncoding::Utf8));
        assert_eq!(&*d.text(), "é= x");
        assert!(!d.apply(4, &[ch], PositionEncoding::Utf8));
        assert_eq!(d.version(), 4);
    }

    /// A version made by one ranged change tells its bytes, against the version before it (by
    /// this document's id); several changes, a whole text or a stale version tell nothing, and
    /// another document of the same text has another id.
    #[test]
    fn one_ranged_change_tells_its_bytes() {
        let mut rng = 0x9E37_79B9_u64;
        let mut d = Document::new("a: é🎉\nb: x\n", 1);
        let pieces = ["", "z", "é", "🎉\r\n", "\u{2028}"];
        for version in 2..200 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let before: String = d.text().to_string();
            let lines = before.split('\n').count() as u32;
            let pick = |k: u64| ((rng >> k) % 6) as u32;
            let (a, b) = (lc(pick(3) % lines, pick(9)), lc(pick(15) % lines, pick(21)));
            let (a, b) = if (a.line, a.col) <= (b.line, b.col) { (a, b) } else { (b, a) };
            let text = pieces[(rng >> 27) as usize % pieces.len()];
            let enc = if version % 2 == 0 { PositionEncoding::Utf16 } else { PositionEncoding::Utf8 };
            assert!(d.apply(version, &[ContentChange { range: Some((a, b)), text: text.into() }], enc));
            let f = d.open_file();
            let e = f.edited.expect("one ranged change");
            assert_eq!(e.from, DocVersion { doc: d.id, version: version - 1 });
            assert_eq!(f.at(), Some(DocVersion { doc: d.id, version }));
            let after = d.text();
            assert_eq!((&before[..e.lo], &before[e.old_hi..]), (&after[..e.lo], &after[e.new_hi..]));
            assert_eq!(&after[e.lo..e.new_hi], text);
        }
        let one = ContentChange { range: Some((lc(0, 0), lc(0, 0))), text: "x".into() };
        let two = [one.clone(), one];
        assert!(d.apply(300, &two, PositionEncoding::Utf16) && d.open_file().edited.is_none());
        assert!(d.apply(301, &two[..1], PositionEncoding::Utf16) && d.open_file().edited.is_some());
        let whole = ContentChange { range: None, text: "new".into() };
        assert!(d.apply(302, &[whole], PositionEncoding::Utf16) && d.open_file().edited.is_none());
        assert!(!d.apply(302, &two[..1], PositionEncoding::Utf16) && d.open_file().edited.is_none());
        assert_ne!(Document::new("new", 302).open_file().at(), d.open_file().at());
    }

    #[test]
    fn full_replacement_and_clamping() {
        let mut d = Document::new("a\r\nb", 0);
        let ch = ContentChange { range: Some((lc(0, 50), lc(0, 50))), text: "Z".into() };
        d.apply(1, &[ch], PositionEncoding::Utf16);
        assert_eq!(&*d.text(), "aZ\r\nb");
        let full = ContentChange { range: None, text: "new".into() };
        d.apply(2, &[full], PositionEncoding::Utf16);
        assert_eq!(&*d.text(), "new");
    }

    /// LSP breaks lines only at `\n`, `\r\n` and `\r`: U+2028 and U+0085 are ordinary characters
    /// (ropey's default `unicode_lines` counted them, and the text drifted from the editor's).
    #[test]
    fn unicode_separators_are_not_line_breaks() {
        let mut d = Document::new("a\u{2028}b\u{85}c\rd\n", 1);
        // Line 0 is "a\u{2028}b\u{85}c"; column 4 is right before `c`.
        let ch = ContentChange { range: Some((lc(0, 4), lc(0, 5))), text: "X".into() };
        assert!(d.apply(2, &[ch], PositionEncoding::Utf16));
        assert_eq!(&*d.text(), "a\u{2028}b\u{85}X\rd\n");
        // Line 1 starts after the lone `\r`.
        let ch = ContentChange { range: Some((lc(1, 0), lc(1, 1))), text: "Y".into() };
        assert!(d.apply(3, &[ch], PositionEncoding::Utf8));
        assert_eq!(&*d.text(), "a\u{2028}b\u{85}X\rY\n");
    }
}
