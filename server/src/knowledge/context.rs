//! Command availability (`context:`) vocabulary (spec §5). Data only; the grammar's parser lives
//! elsewhere. Runtime: `ScriptCommandExtendedAvail` / `Condition.FromToken` in
//! `dev/pyRevitLabs.PyRevit.Runtime/ScriptCommands.cs`.

/// What a reserved context token tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextTest {
    /// Always true; lifts the "needs an open document" rule.
    ZeroDoc,
    /// At least one element selected.
    Selection,
    /// A property of the active document.
    Document,
    /// `ActiveGraphicalView.ViewType` is one of these.
    ActiveView(&'static [&'static str]),
}

/// A reserved context token (compared case-insensitively by the runtime).
#[derive(Debug)]
pub struct ContextKeyword {
    pub name: &'static str,
    pub test: ContextTest,
    pub doc: &'static str,
}

const fn view(name: &'static str, types: &'static [&'static str], doc: &'static str) -> ContextKeyword {
    ContextKeyword { name, test: ContextTest::ActiveView(types), doc }
}

#[rustfmt::skip]
pub const CONTEXT_KEYWORDS: &[ContextKeyword] = &[
    ContextKeyword { name: "zero-doc", test: ContextTest::ZeroDoc, doc: "Enabled even when no document is open (e.g. on the start page). Always true, and turns off the \"an active document is required\" rule for the whole context." },
    ContextKeyword { name: "selection", test: ContextTest::Selection, doc: "Enabled when a document is open and at least one element is selected." },
    ContextKeyword { name: "doc-project", test: ContextTest::Document, doc: "Enabled when the active document is a project (not a family)." },
    ContextKeyword { name: "doc-workshared", test: ContextTest::Document, doc: "Enabled when the active document is a workshared project." },
    ContextKeyword { name: "doc-cloud", test: ContextTest::Document, doc: "Enabled when the active document is a cloud model (always false before Revit 2019.1)." },
    ContextKeyword { name: "doc-family", test: ContextTest::Document, doc: "Enabled when the active document is a family." },
    view("active-drafting-view", &["DraftingView"], "Enabled when the active view is a drafting view."),
    view("active-detail-view", &["Detail"], "Enabled when the active view is a detail view."),
    view("active-plan-view", &["FloorPlan", "CeilingPlan", "AreaPlan", "EngineeringPlan"], "Enabled when the active view is any plan: floor, ceiling, area or structural."),
    view("active-floor-plan", &["FloorPlan"], "Enabled when the active view is a floor plan."),
    view("active-rcp-plan", &["CeilingPlan"], "Enabled when the active view is a reflected ceiling plan."),
    view("active-structural-plan", &["EngineeringPlan"], "Enabled when the active view is a structural plan."),
    view("active-area-plan", &["AreaPlan"], "Enabled when the active view is an area plan."),
    view("active-elevation-view", &["Elevation"], "Enabled when the active view is an elevation."),
    view("active-section-view", &["Section"], "Enabled when the active view is a section."),
    view("active-3d-view", &["ThreeD"], "Enabled when the active view is a 3D view."),
    view("active-sheet", &["DrawingSheet"], "Enabled when the active view is a sheet."),
    view("active-legend", &["Legend"], "Enabled when the active view is a legend."),
    view("active-schedule", &["PanelSchedule", "ColumnSchedule", "Schedule"], "Enabled when the active view is any schedule: regular, panel or column."),
    view("active-panel-schedule", &["PanelSchedule"], "Enabled when the active view is a panel schedule."),
    view("active-column-schedule", &["ColumnSchedule"], "Enabled when the active view is a graphical column schedule."),
];

/// A reserved token, case-insensitively (the runtime does not trim: `" selection"` is no keyword).
pub fn keyword(token: &str) -> Option<&'static ContextKeyword> {
    CONTEXT_KEYWORDS.iter().find(|k| k.name.eq_ignore_ascii_case(token))
}

/// Spellings older pyRevit accepted that the current runtime does not (`CTX_ZERODOC` @04e860ae).
pub const LEGACY_KEYWORDS: &[(&str, &str)] = &[("zerodoc", "zero-doc")];

/// A key of the map form of `context:`.
#[derive(Debug)]
pub struct ContextMapKey {
    pub name: &'static str,
    /// What a value `[a, b]` becomes in the runtime string (empty when it adds nothing).
    pub becomes: &'static str,
    pub doc: &'static str,
}

/// Map-form keys (compared lower-cased by both loaders). Several rules are joined with `&`.
#[rustfmt::skip]
pub const CONTEXT_MAP_KEYS: &[ContextMapKey] = &[
    ContextMapKey { name: "any", becomes: "(a|b)", doc: "Enabled when ANY of the listed conditions holds." },
    ContextMapKey { name: "all", becomes: "(a&b)", doc: "Enabled when ALL listed conditions hold." },
    ContextMapKey { name: "exact", becomes: "(a;b)", doc: "Enabled when the selection's categories are exactly the listed ones: every listed category is selected and every selected category is listed." },
    ContextMapKey { name: "not_any", becomes: "!(a|b)", doc: "Enabled when NONE of the listed conditions holds." },
    ContextMapKey { name: "not_all", becomes: "!(a&b)", doc: "Enabled unless ALL listed conditions hold." },
    ContextMapKey { name: "not_exact", becomes: "!(a;b)", doc: "Enabled unless the selection's categories are exactly the listed ones." },
    ContextMapKey { name: "rule", becomes: "", doc: "A raw runtime context string, e.g. `(selection&OST_Walls)|(active-3d-view)`. The Python loader uses it instead of everything else; the C# loader only when no any/all/exact rule is given." },
    ContextMapKey { name: "type", becomes: "", doc: "Accepted and ignored by both loaders." },
];

pub fn map_key(name: &str) -> Option<&'static ContextMapKey> {
    CONTEXT_MAP_KEYS.iter().find(|k| k.name.eq_ignore_ascii_case(name))
}

/// A character with meaning in the runtime context string.
#[derive(Debug)]
pub struct ContextOperator {
    pub ch: char,
    pub doc: &'static str,
}

#[rustfmt::skip]
pub const CONTEXT_OPERATORS: &[ContextOperator] = &[
    ContextOperator { ch: '(', doc: "Opens a group. Groups do not nest: a `(` inside a group only ends the current token." }, ContextOperator { ch: ')', doc: "Closes a group." },
    ContextOperator { ch: '&', doc: "ALL: every condition must hold." },
    ContextOperator { ch: '|', doc: "ANY: at least one condition must hold." },
    ContextOperator { ch: ';', doc: "EXACT: the selection's categories are exactly these." },
    ContextOperator { ch: '!', doc: "NOT: placed right before a group, negates it." },
];

pub fn is_operator(ch: char) -> bool {
    CONTEXT_OPERATORS.iter().any(|o| o.ch == ch)
}

pub fn operator(ch: char) -> Option<&'static ContextOperator> {
    CONTEXT_OPERATORS.iter().find(|o| o.ch == ch)
}

/// Separators and prefix the loaders use when turning YAML into the runtime string.
pub const ANY_SEP: char = '|';
pub const ALL_SEP: char = '&';
pub const EXACT_SEP: char = ';';
pub const NOT_PREFIX: &str = "not_";

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tables() {
        let mut seen = HashSet::new();
        for k in CONTEXT_KEYWORDS {
            assert!(seen.insert(k.name), "duplicate {}", k.name);
            assert!(!k.doc.is_empty());
            assert_eq!(k.name, k.name.to_ascii_lowercase());
            assert!(!k.name.chars().any(is_operator));
        }
        let views = CONTEXT_KEYWORDS.iter().filter(|k| matches!(k.test, ContextTest::ActiveView(_)));
        assert_eq!(views.count(), 15);
        for k in CONTEXT_MAP_KEYS {
            assert!(!k.doc.is_empty());
        }
        for (old, new) in LEGACY_KEYWORDS {
            assert!(keyword(old).is_none() && keyword(new).is_some());
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(keyword("Zero-Doc").map(|k| k.test), Some(ContextTest::ZeroDoc));
        assert_eq!(
            keyword("ACTIVE-PLAN-VIEW").map(|k| k.test),
            Some(ContextTest::ActiveView(&["FloorPlan", "CeilingPlan", "AreaPlan", "EngineeringPlan"]))
        );
        assert!(keyword(" selection").is_none());
        assert!(keyword("zerodoc").is_none());
        assert!(keyword("OST_Walls").is_none());
        assert_eq!(map_key("NOT_ANY").map(|k| k.becomes), Some("!(a|b)"));
        assert!(map_key("none").is_none());
        assert!(is_operator('!') && !is_operator('-') && !is_operator(' '));
        assert!(operator(';').is_some());
    }
}
