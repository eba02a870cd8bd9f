//! Top-level statement chunks of Python source, found by a small line scanner: a chunk starts at a
//! line that begins a new top-level statement, i.e. a line with something other than blanks or a
//! comment at column 0 that is not inside brackets, a string or a backslash continuation, is not
//! an `else`/`elif`/`except`/`finally` clause and does not follow a decorator line. Blank lines
//! and comments belong to the chunk before them; the first chunk starts at 0 and holds at least
//! the first statement.
//!
//! In valid code every chunk is a run of whole top-level statements, so a chunk parsed on its own
//! gives the same statements as the whole file; `python` checks that a valid tree's statements
//! start where the chunks do before taking the whole tree for the chunks. The scanner may split
//! too little (a chunk with several statements is fine); it must never split inside a statement
//! of valid code. For broken code the chunks bound the damage: an open bracket ends at the next
//! `def`/`class` line at column 0 (never inside brackets in valid code).
//!
//! The state at a chunk start is always the same (nothing open), so after an edit the scan starts
//! again from a chunk start before the edit and stops at the first chunk start after it that was a
//! chunk start before: from there on the chunks are the old ones, moved.

/// Scans chunk starts from a chunk start.
pub(crate) struct ChunkScan<'a> {
    t: &'a [u8],
    pos: usize,
    /// Brackets open.
    depth: u32,
    /// The current line continues the previous one (a backslash before its newline).
    continued: bool,
    /// The current chunk holds a statement line.
    has_statement: bool,
    /// The last statement line at column 0 was a decorator.
    after_decorator: bool,
}

impl<'a> ChunkScan<'a> {
    /// A scan of `text` from `from`, a chunk start (0 or one this scan returned).
    pub(crate) fn new(text: &'a str, from: usize) -> Self {
        ChunkScan {
            t: text.as_bytes(),
            pos: from,
            depth: 0,
            continued: false,
            has_statement: false,
            after_decorator: false,
        }
    }

    fn keyword(&self, at: usize, kw: &[u8]) -> bool {
        self.t[at..].starts_with(kw) && !self.t.get(at + kw.len()).is_some_and(|&b| is_identifier_byte(b))
    }

    /// Skip a string literal whose first quote is at `self.pos` (across lines when triple-quoted
    /// or continued with a backslash); an unterminated one ends at the end of its line (single)
    /// or of the text (triple).
    fn skip_string(&mut self) {
        let t = self.t;
        let q = t[self.pos];
        let triple = t.get(self.pos + 1) == Some(&q) && t.get(self.pos + 2) == Some(&q);
        self.pos += if triple { 3 } else { 1 };
        while self.pos < t.len() {
            let b = t[self.pos];
            if b == b'\\' {
                self.pos += 2;
            } else if b == q && (!triple || (t.get(self.pos + 1) == Some(&q) && t.get(self.pos + 2) == Some(&q))) {
                self.pos += if triple { 3 } else { 1 };
                return;
            } else if b == b'\n' && !triple {
                return;
            } else {
                self.pos += 1;
            }
        }
        self.pos = self.pos.min(t.len());
    }

    /// Move past the physical line at `self.pos` (strings spanning lines included), updating the
    /// brackets and the continuation flag; stops after its newline.
    fn skip_line(&mut self) {
        let t = self.t;
        self.continued = false;
        while self.pos < t.len() {
            match t[self.pos] {
                b'\n' => {
                    self.pos += 1;
                    return;
                }
                b'#' => match memchr::memchr(b'\n', &t[self.pos..]) {
                    Some(i) => self.pos += i,
                    None => self.pos = t.len(),
                },
                b'\'' | b'"' => self.skip_string(),
                b'\\' => {
                    let rest = &t[self.pos + 1..];
                    if rest.starts_with(b"\n") || rest.starts_with(b"\r\n") {
                        self.continued = true;
                        self.pos += if rest[0] == b'\n' { 2 } else { 3 };
                        return;
                    }
                    self.pos += 1;
                }
                b'(' | b'[' | b'{' => {
                    self.depth += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    self.depth = self.depth.saturating_sub(1);
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
    }
}

impl Iterator for ChunkScan<'_> {
    type Item = usize;

    /// The start of the next chunk (after the one being scanned); `None` at the end of the text.
    fn next(&mut self) -> Option<usize> {
        while self.pos < self.t.len() {
            let line = self.pos;
            if !self.continued {
                if self.depth > 0 && (self.keyword(line, b"def") || self.keyword(line, b"class")) {
                    self.depth = 0;
                }
                if self.depth == 0 && starts_statement(self.t[line]) {
                    if ["else", "elif", "except", "finally"].iter().any(|kw| self.keyword(line, kw.as_bytes())) {
                        self.after_decorator = false;
                    } else {
                        if self.has_statement && !self.after_decorator {
                            self.has_statement = false;
                            return Some(line);
                        }
                        self.after_decorator = self.t[line] == b'@';
                    }
                    self.has_statement = true;
                }
            }
            self.skip_line();
        }
        None
    }
}

/// A byte that can begin a statement line (anything else leaves the line in the chunk: splitting
/// too little is always safe).
fn starts_statement(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'@' | b'(' | b'[' | b'"' | b'\'')
}

fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Every chunk start of `text` (the first is 0).
pub(crate) fn chunk_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(ChunkScan::new(text, 0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(text: &str) -> Vec<&str> {
        let starts = chunk_starts(text);
        starts.iter().zip(starts.iter().skip(1).chain([&text.len()])).map(|(&a, &b)| &text[a..b]).collect()
    }

    #[test]
    fn statements_split_where_they_start() {
        let src = "# c\n\"\"\"Doc.\"\"\"\nimport os\n\ndef f():\n    x = (1,\n2)\n# note\n    return x\n@d\n\n@e(\n1)\nclass C:\n    s = '''\nfoo = 1\n'''\nif a:\n    pass\nelif b:\n    pass\nelse:\n    pass\ntry:\n    pass\nexcept E:\n    pass\nfinally:\n    pass\nx = 1 + \\\n2\ny = 'a\\\nb = 2'\n";
        assert_eq!(
            chunks(src),
            [
                "# c\n\"\"\"Doc.\"\"\"\n",
                "import os\n\n",
                "def f():\n    x = (1,\n2)\n# note\n    return x\n",
                "@d\n\n@e(\n1)\nclass C:\n    s = '''\nfoo = 1\n'''\n",
                "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n",
                "try:\n    pass\nexcept E:\n    pass\nfinally:\n    pass\n",
                "x = 1 + \\\n2\n",
                "y = 'a\\\nb = 2'\n",
            ]
        );
    }

    #[test]
    fn an_open_bracket_ends_at_the_next_def() {
        assert_eq!(chunks("x = f(\ny = 2\ndef g():\n    pass\n"), ["x = f(\ny = 2\n", "def g():\n    pass\n"]);
        assert_eq!(chunks("x = f(\nclass_ = 2\n"), ["x = f(\nclass_ = 2\n"]);
        assert_eq!(chunks(""), [""]);
    }
}
