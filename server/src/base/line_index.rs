//! Byte offset ↔ (line, column) conversion in the negotiated position encoding.

/// How columns are counted (LSP `positionEncoding`). The CLI's JSON output uses UTF-16.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
}

/// A zero-based line and column; the column unit depends on the [`PositionEncoding`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: u32,
    #[serde(rename = "character")]
    pub col: u32,
}

/// Line starts of one text snapshot. Cheap to build (one pass), O(log n) lookups.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    /// Lines break at `\n`, `\r\n` and a lone `\r`, as LSP counts them (never at U+2028,
    /// U+0085 or other Unicode separators).
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0u32];
        for (i, &b) in bytes.iter().enumerate() {
            let breaks = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if breaks {
                line_starts.push(i as u32 + 1);
            }
        }
        LineIndex { line_starts, len: text.len() as u32 }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where line `line` starts (clamped to the end of the text).
    pub fn line_start(&self, line: u32) -> usize {
        self.line_starts.get(line as usize).copied().unwrap_or(self.len) as usize
    }

    /// Byte offset → line/column. `offset` is clamped to the text and to a char boundary.
    pub fn line_col(&self, text: &str, offset: usize, enc: PositionEncoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.line_starts[line] as usize;
        let col = match enc {
            PositionEncoding::Utf8 => offset - start,
            PositionEncoding::Utf16 => text[start..offset].chars().map(char::len_utf16).sum(),
        };
        LineCol { line: line as u32, col: col as u32 }
    }

    /// Line/column → byte offset. Columns past the end of the line clamp to the line end
    /// (before its `\n`), lines past the end clamp to the end of the text, as LSP asks.
    pub fn offset(&self, text: &str, pos: LineCol, enc: PositionEncoding) -> usize {
        if pos.line as usize >= self.line_starts.len() {
            return text.len();
        }
        let start = self.line_starts[pos.line as usize] as usize;
        let end = self.line_starts.get(pos.line as usize + 1).map(|&e| e as usize).unwrap_or(text.len());
        let line = &text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        match enc {
            PositionEncoding::Utf8 => start + floor_char_boundary(line, (pos.col as usize).min(line.len())),
            PositionEncoding::Utf16 => {
                let mut units = 0u32;
                for (i, c) in line.char_indices() {
                    if units >= pos.col {
                        return start + i;
                    }
                    units += c.len_utf16() as u32;
                }
                start + line.len()
            }
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "title: Ünïcode 🎉x\nnext";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x, PositionEncoding::Utf16), LineCol { line: 0, col: 17 });
        assert_eq!(idx.line_col(text, x, PositionEncoding::Utf8), LineCol { line: 0, col: 21 });
        assert_eq!(idx.offset(text, LineCol { line: 0, col: 17 }, PositionEncoding::Utf16), x);
        assert_eq!(idx.offset(text, LineCol { line: 1, col: 99 }, PositionEncoding::Utf16), text.len());
        assert_eq!(idx.offset(text, LineCol { line: 9, col: 0 }, PositionEncoding::Utf8), text.len());
    }

    #[test]
    fn crlf_line_end_is_not_a_column() {
        let text = "a: b\r\nc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(text, LineCol { line: 0, col: 10 }, PositionEncoding::Utf16), 4);
    }

    #[test]
    fn only_lsp_line_breaks_count() {
        // U+2028, U+2029, U+0085, VT and FF are characters inside a line for LSP.
        let text = "a\u{2028}b\u{85}c\u{2029}\u{b}\u{c}d\re\r\nf\ng";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let e = text.find('e').unwrap();
        assert_eq!(idx.line_col(text, e, PositionEncoding::Utf16), LineCol { line: 1, col: 0 });
        let d = text.find('d').unwrap();
        assert_eq!(idx.line_col(text, d, PositionEncoding::Utf16), LineCol { line: 0, col: 8 });
        // Past the end of a lone-CR line clamps before the `\r`.
        assert_eq!(idx.offset(text, LineCol { line: 0, col: 99 }, PositionEncoding::Utf16), d + 1);
        assert_eq!(idx.offset(text, LineCol { line: 1, col: 99 }, PositionEncoding::Utf8), e + 1);
        assert_eq!(idx.line_col(text, text.len(), PositionEncoding::Utf8), LineCol { line: 3, col: 1 });
    }
}
