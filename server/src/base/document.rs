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

#[derive(Clone, Debug)]
pub struct Document {
    rope: Rope,
    version: i32,
    /// The text as one string, rebuilt after each applied change (analysis reads `&str`).
    text: Arc<str>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document { rope: Rope::from_str(text), version, text: Arc::from(text) }
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
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some((start, end)) => {
                    let a = self.char_index(start, enc);
                    let b = self.char_index(end, enc).max(a);
                    self.rope.remove(a..b);
                    self.rope.insert(a, &change.text);
                }
            }
        }
        self.version = version;
        self.text = rope_text(&self.rope);
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

/// The rope's text in one allocation of its exact size, written once: `Arc::from(rope.to_string())`
/// grew a `String` by doubling (copying and faulting in pages at each step) and then copied it
/// again into the `Arc` (a 10 MB document: three quarters of a keystroke's cost in `apply`).
fn rope_text(rope: &Rope) -> Arc<str> {
    let mut buf = Arc::<[u8]>::new_uninit_slice(rope.len_bytes());
    // A fresh `Arc` has no other owner.
    if let Some(slots) = Arc::get_mut(&mut buf) {
        let mut at = 0;
        for chunk in rope.chunks() {
            let to = &mut slots[at..at + chunk.len()];
            // SAFETY: `to` is `chunk.len()` bytes of a fresh allocation, `chunk` is the rope's:
            // no overlap. (`write_copy_of_slice` is newer than the crate's minimum Rust, and a
            // loop over the bytes was not turned into a copy: a fifth of a 10 MB keystroke.)
            unsafe { std::ptr::copy_nonoverlapping(chunk.as_ptr(), to.as_mut_ptr().cast::<u8>(), chunk.len()) };
            at += chunk.len();
        }
        debug_assert_eq!(at, slots.len());
        // SAFETY: the chunks cover the rope, whose byte length sized the slice, so every byte was
        // written above; the bytes are the concatenation of `&str` chunks, hence UTF-8, and
        // `str` has the layout of `[u8]`.
        return unsafe { Arc::from_raw(Arc::into_raw(buf.assume_init()) as *const str) };
    }
    Arc::from(rope.to_string())
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
