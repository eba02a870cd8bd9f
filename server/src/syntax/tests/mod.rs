//! Fixture and property tests for the syntax layer. `render` prints a model compactly with
//! 1-based `line:col` positions (columns in characters).

mod cursor_cases;
mod json_cases;
mod python_reparse;
mod robustness;
mod yaml_fixtures;
mod yaml_gaps;
mod yaml_rows;

use super::*;
use crate::base::TextRange;
use std::fmt::Write;

/// splitmix64: small, seeded, reproducible.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// `line:col` (1-based, columns in chars). Panics if `offset` is not a char boundary, which is
/// exactly what the tests want to catch.
pub fn pos(text: &str, offset: usize) -> String {
    assert!(offset <= text.len(), "offset {offset} past end {}", text.len());
    assert!(text.is_char_boundary(offset), "offset {offset} is not a char boundary");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{line}:{col}")
}

pub fn rng(text: &str, r: TextRange) -> String {
    format!("{}-{}", pos(text, r.start as usize), pos(text, r.end as usize))
}

pub fn render(text: &str, doc: &MetaDocument) -> String {
    let mut out = String::new();
    for e in &doc.errors {
        let _ = writeln!(out, "error {} {}", rng(text, e.range), e.message);
    }
    if doc.extra_documents > 0 {
        let _ = writeln!(out, "extra documents: {}", doc.extra_documents);
    }
    match &doc.root {
        Some(n) => render_node(text, n, 0, &mut out),
        None => out.push_str("(no root)\n"),
    }
    out
}

fn render_node(text: &str, n: &Node, depth: usize, out: &mut String) {
    let ind = "  ".repeat(depth);
    match &n.value {
        Value::Scalar(s) => {
            let null = if s.null { " null" } else { "" };
            let _ = writeln!(out, "{ind}{:?}{null} {} {:?}", s.style, rng(text, n.range), s.text);
        }
        Value::Sequence(s) => {
            let flow = if s.flow { " flow" } else { "" };
            let _ = writeln!(out, "{ind}seq{flow} {}", rng(text, n.range));
            for it in &s.items {
                render_node(text, it, depth + 1, out);
            }
        }
        Value::Mapping(m) => {
            let flow = if m.flow { " flow" } else { "" };
            let _ = writeln!(out, "{ind}map{flow} {}", rng(text, n.range));
            for e in &m.entries {
                let _ = writeln!(
                    out,
                    "{ind}- {:?} key {} entry {}",
                    e.key.text,
                    rng(text, e.key.range),
                    rng(text, e.range)
                );
                match &e.value {
                    Some(v) => render_node(text, v, depth + 2, out),
                    None => {
                        let _ = writeln!(out, "{ind}    (no value)");
                    }
                }
            }
        }
    }
}

/// Every error and node range is in bounds and on char boundaries.
pub fn check_ranges(text: &str, doc: &MetaDocument) {
    for e in &doc.errors {
        rng(text, e.range);
        assert!(e.range.start <= e.range.end);
    }
    // Rendering visits every range.
    render(text, doc);
}

/// An edit from `old` to `new` as an editor may tell it (`(lo, old_hi, new_hi)`, see
/// `reparse_yaml_edited`): `None` when `how` is 0; the bytes that changed when 1; when 2, the
/// changed bytes and up to 5 more on each side (an editor that replaces a word it retyped).
fn known_edit(old: &str, new: &str, how: usize) -> Option<(usize, usize, usize)> {
    let (ob, nb) = (old.as_bytes(), new.as_bytes());
    let prefix = ob.iter().zip(nb).take_while(|(a, b)| a == b).count();
    let room = ob.len().min(nb.len()) - prefix;
    let suffix = ob.iter().rev().zip(nb.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
    let wider = if how == 2 { 5 } else { 0 };
    let (lo, suffix) = (prefix.saturating_sub(wider), suffix.saturating_sub(wider));
    (how > 0).then_some((lo, ob.len() - suffix, nb.len() - suffix))
}
