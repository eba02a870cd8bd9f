//! `context:` in string, list and map forms (spec §5), read with the runtime grammar parser.

use super::{closest, Sink};
use crate::analysis::{codes, Diagnostic, Severity};
use crate::knowledge::{categories, context as ctx};
use crate::knowledge::{CSHARP_LOADER as CS, PYTHON_LOADER as PY};
use crate::syntax::{parse_context_expr, ContextErrorKind, ContextToken, Node, Value};

/// Check a `context` value.
pub(crate) fn context(sink: &mut Sink, value: &Node) {
    match &value.value {
        Value::Scalar(_) => expression(sink, value),
        Value::Sequence(seq) => {
            for item in &seq.items {
                list_item(sink, item);
            }
        }
        Value::Mapping(map) => {
            for e in map {
                let key = e.key.text.as_str();
                let Some(info) = ctx::map_key(key) else {
                    let mut d = Diagnostic::new(
                        codes::CONTEXT_MAP_KEY,
                        Severity::Warning,
                        e.key.range,
                        format!(
                            "`{key}` is not a context rule (any, all, exact, not_any, not_all, not_exact, rule, type): {PY} joins its items into one garbage token and {CS} skips it"
                        ),
                    );
                    if let Some(near) = closest(key, ctx::CONTEXT_MAP_KEYS.iter().map(|k| k.name)) {
                        d = d.with_fix(sink.fix(format!("Rename to `{near}`"), sink.unquoted(e.key.range), near));
                    }
                    sink.push(d);
                    continue;
                };
                let Some(v) = &e.value else { continue };
                match (info.name, &v.value) {
                    ("type", _) => {}
                    ("rule", Value::Scalar(_)) => expression(sink, v),
                    (_, Value::Scalar(_)) => list_item(sink, v),
                    (_, Value::Sequence(seq)) => seq.items.iter().for_each(|i| list_item(sink, i)),
                    (_, Value::Mapping(_)) => sink.diag(
                        codes::WRONG_VALUE_SHAPE,
                        Severity::Warning,
                        v.range,
                        format!("`{key}` takes a condition or a list of conditions, not a map"),
                    ),
                }
            }
        }
    }
}

/// One item of a list (joined with `&` by the loaders): a single condition.
fn list_item(sink: &mut Sink, item: &Node) {
    let Some(text) = item.as_str() else {
        let msg = if item.as_mapping().is_some() {
            format!("a map inside a context list: {PY} adds it as extra rules, but {CS} drops this item, so its restriction disappears there; use the map form (`any:`, `all:`…) for the whole context")
        } else {
            format!("a context list item must be a plain condition: {CS} drops a nested list and its restriction disappears there")
        };
        sink.diag(codes::WRONG_VALUE_SHAPE, Severity::Warning, item.range, msg);
        return;
    };
    if text.contains(['(', ')', '&', '|', ';', '!']) {
        // The item is pasted into `(a&b&…)`: its own operators land inside that group.
        let expr = parse_context_expr(text);
        let mixes = expr.groups.iter().any(|g| g.parens || g.op.is_some_and(|o| o != ctx::ALL_SEP));
        if mixes {
            sink.diag(
                codes::CONTEXT_SYNTAX,
                Severity::Warning,
                item.range,
                format!(
                    "`{text}`: list items are joined with `&` inside one group, so operators or groups inside an item break the rule; use the map form (`any:`, `all:`) or a `rule:` string"
                ),
            );
            return;
        }
    }
    expression(sink, item);
}

/// A scalar holding a runtime context string.
fn expression(sink: &mut Sink, node: &Node) {
    let Some(text) = node.as_str() else { return };
    let expr = parse_context_expr(text);
    for err in &expr.errors {
        let (range, _) = sink.sub_range(node, err.range);
        let blank = text.get(err.range.as_usize()).is_none_or(|t| t.is_empty());
        // What the runtime (`ScriptCommandExtendedAvail.FromContextDefinition`) does with it.
        let (sev, effect) = match err.kind {
            ContextErrorKind::NestedGroup => (
                Severity::Warning,
                "the runtime does not nest groups: it reads the inner `(` as the end of a condition".to_string(),
            ),
            ContextErrorKind::MixedOperators { .. } => (
                Severity::Warning,
                "the runtime applies only the last operator of a group (or of the top level) to all of its items"
                    .to_string(),
            ),
            ContextErrorKind::UnclosedGroup => (Severity::Warning, "the runtime drops the unclosed group".to_string()),
            ContextErrorKind::EmptyToken if blank => {
                (Severity::Information, "the runtime skips empty conditions".to_string())
            }
            ContextErrorKind::EmptyToken => (
                Severity::Warning,
                "a condition of only spaces is compared with category names and never matches".to_string(),
            ),
            ContextErrorKind::NotInsideGroup => (
                Severity::Warning,
                "the runtime skips it, so nothing is negated; write `!` before the group: `!(a)`".to_string(),
            ),
            ContextErrorKind::NotWithoutGroup => {
                (Severity::Warning, "the runtime negates the next group, wherever it is".to_string())
            }
            ContextErrorKind::TextOutsideGroup => (
                Severity::Warning,
                "the runtime ignores text before the first group and adds text after a group to the next one"
                    .to_string(),
            ),
            ContextErrorKind::DanglingOperator => (Severity::Information, "the runtime ignores it".to_string()),
            ContextErrorKind::UnmatchedClose | ContextErrorKind::MissingOperator => {
                (Severity::Warning, "the runtime reads this context differently than written".to_string())
            }
        };
        sink.diag(codes::CONTEXT_SYNTAX, sev, range, format!("context: {}; {effect}", err.kind.describe()));
    }
    for tok in expr.groups.iter().flat_map(|g| &g.tokens) {
        token(sink, node, tok);
    }
}

fn token(sink: &mut Sink, node: &Node, tok: &ContextToken) {
    if tok.text.contains('!') {
        // Reported as `!` inside a group; the runtime drops the `!` from the token.
        return;
    }
    let (word, rel) = tok.trimmed();
    if word.is_empty() {
        return;
    }
    let (range, mapped) = sink.sub_range(node, rel);
    if tok.has_stray_spaces() && !categories::is_builtin_category(word) {
        let (tok_range, _) = sink.sub_range(node, tok.range);
        let mut d = Diagnostic::new(
            codes::CONTEXT_TOKEN_SPACES,
            Severity::Warning,
            tok_range,
            format!(
                "spaces belong to context tokens: `{}` is not `{word}` to the runtime, so it never matches",
                tok.text
            ),
        );
        if mapped {
            d = d.with_fix(sink.fix("Remove the spaces", tok_range, word));
        }
        sink.push(d);
        return;
    }
    if ctx::keyword(word).is_some() || categories::is_builtin_category(word) || categories::is_numeric_category(word) {
        return;
    }
    let typo = |sink: &mut Sink, to: &str, msg: String| {
        let mut d = Diagnostic::new(codes::CONTEXT_KEYWORD_TYPO, Severity::Warning, range, msg);
        if mapped {
            d = d.with_fix(sink.fix(format!("Replace with `{to}`"), range, to));
        }
        sink.push(d);
    };
    if let Some((_, new)) = ctx::LEGACY_KEYWORDS.iter().find(|(old, _)| old.eq_ignore_ascii_case(word)) {
        typo(sink, new, format!("`{word}` was accepted by old pyRevit only; the current runtime reads it as a category name. Use `{new}`"));
        return;
    }
    if let Some(near) = closest(word, ctx::CONTEXT_KEYWORDS.iter().map(|k| k.name)) {
        typo(
            sink,
            near,
            format!("`{word}` is not a context keyword; did you mean `{near}`? The runtime compares it with category names and the button stays disabled"),
        );
        return;
    }
    if categories::has_category_prefix(word) {
        let mut d = Diagnostic::new(
            codes::UNKNOWN_CATEGORY,
            Severity::Warning,
            range,
            format!("`{word}` is not a Revit built-in category; the runtime compares it with category names and it never matches"),
        );
        if let Some(near) = categories::nearest_category(word) {
            d.message.push_str(&format!(". Did you mean `{near}`?"));
            if mapped {
                d = d.with_fix(sink.fix(format!("Replace with `{near}`"), range, near));
            }
        }
        sink.push(d);
        return;
    }
    let mut d = Diagnostic::new(
        codes::CONTEXT_CATEGORY_NAME,
        Severity::Hint,
        range,
        format!("`{word}` is compared with category display names (depends on Revit's UI language)"),
    );
    if let Some(cat) = categories::builtin_category(&format!("{}{word}", categories::PREFIX)) {
        d.message.push_str(&format!("; `{cat}` works in every language"));
        if mapped {
            d = d.with_fix(sink.fix(format!("Replace with `{cat}`"), range, cat));
        }
    }
    sink.push(d);
}
