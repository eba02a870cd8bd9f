//! Revit `BuiltInCategory` names, for context tokens such as `OST_Walls` (spec §5.2).
//!
//! `categories_data.rs` was generated from the Revit API stubs on PyPI: the wheels
//! `pyrevit-stubs-20` 1.0, `pyrevit-stubs-23` 1.0 and `pyrevit-stubs-26` 1.0 were downloaded with
//! `pip download --no-deps`, and a short Python script took every `NAME = <int>` line of
//! `class BuiltInCategory` in `Autodesk/Revit/DB/__init__.pyi`, dropped `INVALID` (the runtime
//! rejects it), took the union (1036 + 1189 + 1212 names → 1217, so categories removed in newer
//! Revit versions still count) and wrote them sorted by `(name.lower(), name)`.

use std::cmp::Ordering;

#[path = "categories_data.rs"]
mod data;

/// Every `BuiltInCategory` member name starts with this (`OST_Walls`).
pub const PREFIX: &str = "OST_";

/// The token is spelled like a built-in category name (`OST_…`, any case), known or not.
pub fn has_category_prefix(token: &str) -> bool {
    token.len() > PREFIX.len() && token.get(..PREFIX.len()).is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
}

/// All names, sorted by ASCII-lowercase spelling.
pub fn builtin_categories() -> &'static [&'static str] {
    data::BUILTIN_CATEGORIES
}

fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// The table spelling of a category token, matched as `Enum.TryParse(token, ignoreCase: true)`
/// does for names: case-insensitive, surrounding whitespace ignored.
pub fn builtin_category(token: &str) -> Option<&'static str> {
    let t = token.trim();
    let table = builtin_categories();
    table.binary_search_by(|probe| cmp_ignore_case(probe, t)).ok().and_then(|i| table.get(i).copied())
}

pub fn is_builtin_category(token: &str) -> bool {
    builtin_category(token).is_some()
}

/// `Enum.TryParse` also succeeds on an integer string (e.g. `-2000011`, the value of `OST_Walls`);
/// the runtime then treats the token as a category id. `0` is rejected by the runtime.
pub fn is_numeric_category(token: &str) -> bool {
    matches!(token.trim().parse::<i64>(), Ok(v) if v != 0)
}

/// The closest built-in category for a misspelled token (`OST_Wall` → `OST_Walls`, `Walls` →
/// `OST_Walls`). `None` when nothing is close enough.
pub fn nearest_category(token: &str) -> Option<&'static str> {
    let t = token.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    if !t.starts_with("ost_") {
        if let Some(c) = builtin_category(&format!("ost_{t}")) {
            return Some(c);
        }
    }
    let probe = if t.starts_with("ost_") { t } else { format!("ost_{t}") };
    let max = (probe.len() / 6).clamp(1, 3);
    let mut best: Option<(usize, &'static str)> = None;
    for name in builtin_categories() {
        if name.len().abs_diff(probe.len()) > max {
            continue;
        }
        let d = strsim::levenshtein(&probe, &name.to_ascii_lowercase());
        if d <= max && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, name));
        }
    }
    best.map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_clean() {
        let t = builtin_categories();
        assert!(t.len() > 1000);
        for w in t.windows(2) {
            assert_eq!(cmp_ignore_case(w[0], w[1]), Ordering::Less, "{} / {}", w[0], w[1]);
        }
        assert!(t.iter().all(|n| n.starts_with("OST_") && n.is_ascii()));
        assert!(!t.contains(&"INVALID"));
    }

    #[test]
    fn lookup() {
        assert!(is_builtin_category("OST_Walls"));
        assert!(is_builtin_category("ost_textnotes"));
        assert_eq!(builtin_category("  OST_WALLS "), Some("OST_Walls"));
        assert!(is_builtin_category("OST_Doors"));
        assert!(!is_builtin_category("Walls"));
        assert!(!is_builtin_category("selection"));
        assert!(!is_builtin_category("INVALID"));
        assert!(!is_builtin_category(""));
        // first and last entries are found
        let t = builtin_categories();
        assert!(is_builtin_category(t[0]) && is_builtin_category(t[t.len() - 1]));
    }

    #[test]
    fn numeric() {
        assert!(is_numeric_category("-2000011"));
        assert!(is_numeric_category(" 5 "));
        assert!(!is_numeric_category("0"));
        assert!(!is_numeric_category("OST_Walls"));
    }

    #[test]
    fn nearest() {
        assert_eq!(nearest_category("OST_Wall"), Some("OST_Walls"));
        assert_eq!(nearest_category("Walls"), Some("OST_Walls"));
        assert_eq!(nearest_category("ost_textnote"), Some("OST_TextNotes"));
        assert_eq!(nearest_category("OST_Dors"), Some("OST_Doors"));
        assert_eq!(nearest_category("completely-unrelated-token"), None);
        assert_eq!(nearest_category("  "), None);
    }
}
