//! The next version of a YAML model made from the previous one's (runs over a small row limit,
//! patched block scalars), through a session of edits told or not (a told one sometimes wider):
//! never panics, and every version equals a fresh parse with the same limits.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pyrevit_ls::syntax::fuzzing::{parse, reparse};

// The first two bytes pick the row limit and the smallest gap; the rest is the first text, then
// edits, each after a 0xFF byte: three bytes (where, how much goes, how it is told), then the
// inserted text.
fuzz_target!(|data: &[u8]| {
    let Some((&[limit, gap], rest)) = data.split_first_chunk::<2>() else { return };
    let limit = [1, 2, 3, 5, 8, 20, 500, usize::MAX][limit as usize % 8];
    let gap = [1, 8, 64, usize::MAX][gap as usize % 4];
    let mut parts = rest.split(|&b| b == 0xFF);
    let mut text = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let (mut doc, mut reuse) = parse(&text, gap, limit);
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
        // Told or not; when told, sometimes wider on the left than the edit (still true of both
        // texts, as an editor's change that rewrote more than it changed).
        let known = match how % 3 {
            0 => None,
            1 => Some((lo, hi, new_hi)),
            _ => Some((lo - lo.min(how as usize), hi, new_hi)),
        };
        let known = known.filter(|&(l, _, _)| old.is_char_boundary(l));
        let next = reparse(&old, doc, &reuse, &text, gap, known);
        (doc, reuse) = next.unwrap_or_else(|| parse(&text, gap, limit));
        assert_eq!(doc, parse(&text, gap, limit).0, "limit {limit}, gap {gap}, edit {lo}..{hi} → {insert:?}");
    }
});
