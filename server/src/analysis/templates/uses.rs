//! Where `{{name}}` tags appear: bundle.yaml values and script string literals, with the loaders
//! that substitute each place.

use crate::base::TextRange;
use crate::knowledge::script_meta::script_global;
use crate::knowledge::templates::{substituted_field, OPEN};
use crate::knowledge::Loaders;
use crate::syntax::{MetaDocument, Node, ScalarStyle, Value};

use super::refs::placed_tags;
use super::script_fields::script_strings;
use crate::syntax::unescape_python_string as unescape;

/// One `{{name}}` in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Use {
    pub name: String,
    /// The whole tag, or the whole scalar when the source cannot be mapped (`exact` false).
    pub range: TextRange,
    pub exact: bool,
    /// Which loaders replace tags at this place.
    pub substituted_by: Loaders,
    /// Why (the key or global it sits in, for messages).
    pub field: String,
    /// The scalar value the tag sits in (for the substituted preview), and its source range.
    pub value: String,
    pub value_range: TextRange,
}

/// `author: {{author}}` written without quotes: YAML reads a mapping, not text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unquoted {
    pub key: String,
    pub range: TextRange,
}

/// Uses in a bundle.yaml. `root`: the extension root bundle.yaml, whose fields are not shown.
pub fn yaml_uses(doc: &MetaDocument, text: &str, root: bool) -> (Vec<Use>, Vec<Unquoted>) {
    let mut uses = Vec::new();
    let mut unquoted = Vec::new();
    let Some(map) = doc.root_mapping() else { return (uses, unquoted) };
    for e in map {
        let Some(v) = &e.value else { continue };
        let key = e.key.text.as_str();
        if let Value::Mapping(m) = &v.value {
            if m.flow && text.get(v.range.as_usize()).is_some_and(|s| s.starts_with(OPEN)) {
                unquoted.push(Unquoted { key: key.to_string(), range: v.range });
                continue;
            }
        }
        let field = if root { None } else { substituted_field(key) };
        match (field, &v.value) {
            (Some(f), Value::Scalar(_)) => collect(v, text, f.scalar, key, &mut uses),
            (Some(f), Value::Sequence(s)) => {
                for item in &s.items {
                    collect_all(item, text, f.scalar, key, &mut uses);
                }
            }
            (Some(f), Value::Mapping(m)) => {
                for loc in m {
                    if let Some(lv) = &loc.value {
                        collect_all(lv, text, f.localized, &format!("{key}.{}", loc.key.text), &mut uses);
                    }
                }
            }
            (None, _) => collect_all(v, text, Loaders::Neither, key, &mut uses),
        }
    }
    (uses, unquoted)
}

fn collect_all(node: &Node, text: &str, by: Loaders, field: &str, out: &mut Vec<Use>) {
    match &node.value {
        Value::Scalar(_) => collect(node, text, by, field, out),
        Value::Sequence(s) => s.items.iter().for_each(|i| collect_all(i, text, by, field, out)),
        Value::Mapping(m) => {
            m.iter().filter_map(|e| e.value.as_ref()).for_each(|v| collect_all(v, text, by, field, out))
        }
    }
}

fn collect(node: &Node, text: &str, by: Loaders, field: &str, out: &mut Vec<Use>) {
    let Some(s) = node.as_scalar() else { return };
    if !s.text.contains(OPEN) {
        return;
    }
    let source = text.get(node.range.as_usize()).unwrap_or_default();
    // Double-quoted scalars may spell braces or names with escapes: map only when the source
    // holds the same tags.
    let mut placed = placed_tags(&s.text, source, node.range.start as usize, node.range);
    if s.style == ScalarStyle::DoubleQuoted && source.contains('\\') {
        for (t, exact) in placed.iter_mut() {
            let inner = text.get(t.range.as_usize()).unwrap_or_default();
            if inner.contains('\\') {
                *exact = false;
                t.range = node.range;
            }
        }
    }
    out.extend(placed.into_iter().map(|(t, exact)| Use {
        name: t.name,
        range: t.range,
        exact,
        substituted_by: by,
        field: field.to_string(),
        value: s.text.to_string(),
        value_range: node.range,
    }));
}

/// Uses in a bundle script. `bundle_yaml_keys`: the top-level keys of the bundle's bundle.yaml, if
/// it has one (the Python loader then ignores in-script metadata; C# lets each key override).
pub fn script_uses(text: &str, bundle_yaml_keys: Option<&[String]>) -> Vec<Use> {
    let mut out = Vec::new();
    for s in script_strings(text) {
        let body = text.get(s.content.as_usize()).unwrap_or_default();
        let value = if s.raw_differs { body.to_string() } else { unescape(body) };
        let key = script_global(s.global).and_then(|g| g.bundle_key);
        let overridden = key.is_some_and(|k| {
            bundle_yaml_keys.is_some_and(|keys| {
                keys.iter().any(|have| substituted_field(have).is_some_and(|f| f.keys.contains(&k)))
            })
        });
        let by = match (s.in_dict, bundle_yaml_keys.is_some()) {
            _ if overridden => Loaders::Neither,
            (true, _) | (false, true) => Loaders::CSharpOnly,
            (false, false) => Loaders::Both,
        };
        for (t, exact) in placed_tags(&value, body, s.content.start as usize, s.range) {
            let exact = exact && !s.raw_differs;
            out.push(Use {
                name: t.name,
                range: if exact { t.range } else { s.range },
                exact,
                substituted_by: by,
                field: s.global.to_string(),
                value: value.clone(),
                value_range: s.content,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_yaml;

    fn uses(text: &str) -> Vec<(String, String, Loaders, bool)> {
        let doc = parse_yaml(text);
        let (u, _) = yaml_uses(&doc, text, false);
        u.into_iter().map(|u| (u.name, text[u.range.as_usize()].to_string(), u.substituted_by, u.exact)).collect()
    }

    #[test]
    fn fields_and_loaders() {
        let text = "title: 'A {{x}}'\ntooltip:\n  en_us: \"{{y}}\"\ncontext: '{{z}}'\nhyperlink: h/{{u}}\nauthors:\n  - '{{a}}'\n";
        assert_eq!(
            uses(text),
            [
                ("x".into(), "{{x}}".into(), Loaders::Both, true),
                ("y".into(), "{{y}}".into(), Loaders::CSharpOnly, true),
                ("z".into(), "{{z}}".into(), Loaders::Neither, true),
                ("u".into(), "{{u}}".into(), Loaders::CSharpOnly, true),
                ("a".into(), "{{a}}".into(), Loaders::Both, true),
            ]
        );
    }

    #[test]
    fn escapes_fall_back_to_the_scalar() {
        let text = "title: \"{{\\x61}} {{b}}\"\n";
        let got = uses(text);
        assert_eq!(got.len(), 2);
        assert!(!got[0].3 && got[0].1 == "\"{{\\x61}} {{b}}\"");
    }

    #[test]
    fn unquoted_mapping() {
        let text = "author: {{author}}\n";
        let (u, unq) = yaml_uses(&parse_yaml(text), text, false);
        assert!(u.is_empty());
        assert_eq!(unq, [Unquoted { key: "author".into(), range: TextRange::new(8, 18) }]);
    }
}
