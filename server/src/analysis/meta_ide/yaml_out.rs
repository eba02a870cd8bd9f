//! Writing YAML: scalar quoting and the lossless `extension.json` → YAML conversion.

use crate::syntax::{MetaDocument, Node, Value};

/// `s` as a YAML scalar that reads back as the same string: plain when safe, else double-quoted.
/// `flow` also quotes flow indicators (`[]{},`).
pub fn yaml_scalar(s: &str, flow: bool) -> String {
    if plain_ok(s, flow) {
        s.to_string()
    } else {
        double_quoted(s)
    }
}

fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else { return false };
    // `-x` is a plain scalar; `- x` and `---` are not.
    let dash_ok = first == '-' && s.len() > 1 && !s.starts_with("- ") && !s.starts_with("---");
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first) && !dash_ok;
    if s.trim() != s || indicator {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.chars().any(|c| c.is_control()) {
        return false;
    }
    if flow && s.contains(['[', ']', '{', '}', ',']) {
        return false;
    }
    // Strings another YAML reader would type differently (pyRevit reads all as strings, but
    // keep the intent obvious and other tools happy).
    let lower = s.to_ascii_lowercase();
    let reserved = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"];
    if reserved.contains(&lower.as_str()) || s.parse::<f64>().is_ok() {
        return false;
    }
    true
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A parsed `extension.json` as YAML text, keeping every key and value. JSON strings that look
/// like other types stay quoted; numbers, booleans and null are written as they were.
pub fn json_to_yaml(text: &str, doc: &MetaDocument) -> String {
    let mut out = String::new();
    match &doc.root {
        Some(root) => write_block(text, root, 0, &mut out),
        None => out.push_str("{}\n"),
    }
    out
}

/// The node is a JSON literal (number, bool, null), not a string.
fn json_literal(text: &str, node: &Node) -> bool {
    !text.get(node.range.start as usize..).is_some_and(|t| t.starts_with('"'))
}

fn scalar(text: &str, node: &Node) -> String {
    match &node.value {
        Value::Scalar(s) if json_literal(text, node) => s.text.to_string(),
        Value::Scalar(s) => yaml_scalar(&s.text, false),
        Value::Sequence(_) => "[]".into(),
        Value::Mapping(_) => "{}".into(),
    }
}

fn is_empty_collection(node: &Node) -> bool {
    match &node.value {
        Value::Sequence(s) => s.items.is_empty(),
        Value::Mapping(m) => m.entries.is_empty(),
        Value::Scalar(_) => false,
    }
}

fn write_block(text: &str, node: &Node, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match &node.value {
        Value::Mapping(m) if !m.entries.is_empty() => {
            for e in &m.entries {
                out.push_str(&format!("{pad}{}:", yaml_scalar(&e.key.text, false)));
                match &e.value {
                    None => out.push_str(" \"\"\n"),
                    Some(v) if matches!(v.value, Value::Scalar(_)) || is_empty_collection(v) => {
                        out.push_str(&format!(" {}\n", scalar(text, v)));
                    }
                    Some(v) => {
                        out.push('\n');
                        write_block(text, v, indent + 2, out);
                    }
                }
            }
        }
        Value::Sequence(s) if !s.items.is_empty() => {
            for it in &s.items {
                if matches!(it.value, Value::Scalar(_)) || is_empty_collection(it) {
                    out.push_str(&format!("{pad}- {}\n", scalar(text, it)));
                } else {
                    // A nested collection starts on the dash line, the rest indented under it.
                    let mut inner = String::new();
                    write_block(text, it, indent + 2, &mut inner);
                    let trimmed = inner.get(indent + 2..).unwrap_or("");
                    out.push_str(&format!("{pad}- {trimmed}"));
                }
            }
        }
        _ => out.push_str(&format!("{pad}{}\n", scalar(text, node))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse_json, parse_yaml};

    #[test]
    fn quoting() {
        assert_eq!(yaml_scalar("selection", false), "selection");
        assert_eq!(yaml_scalar(">>>", false), "\">>>\"");
        assert_eq!(yaml_scalar("---", false), "\"---\"");
        assert_eq!(yaml_scalar("true", false), "\"true\"");
        assert_eq!(yaml_scalar("2021", false), "\"2021\"");
        assert_eq!(yaml_scalar("a: b", false), "\"a: b\"");
        assert_eq!(yaml_scalar("A[before:B]", false), "A[before:B]");
        assert_eq!(yaml_scalar("A[before:B]", true), "\"A[before:B]\"");
        assert_eq!(yaml_scalar("", false), "\"\"");
        assert_eq!(yaml_scalar("line\nbreak \"q\"", false), "\"line\\nbreak \\\"q\\\"\"");
        assert_eq!(yaml_scalar("-x", false), "-x");
        assert_eq!(yaml_scalar("https://x.y/z?a=1#f", false), "https://x.y/z?a=1#f");
    }

    /// Every string round-trips through our YAML parser.
    #[test]
    fn json_to_yaml_round_trips() {
        let json = r#"{"name": "My Ext", "builtin": "false", "rocket_mode_compatible": true, "n": 12,
            "empty": {}, "none": [], "nul": null, "authusers": ["a", "b: c", "2020"],
            "templates": {"author": "Jane \"J\" Doe", "url": "https://x.y/#a", "multi": "a\nb"},
            "nested": [{"x": "1", "y": ["z"]}, ["p", "q"]], "dependencies": ["Other"]}"#;
        let doc = parse_json(json);
        let yaml = json_to_yaml(json, &doc);
        let back = parse_yaml(&yaml);
        assert!(back.errors.is_empty(), "{yaml}\n{:?}", back.errors);
        fn strip(n: &Node) -> String {
            match &n.value {
                Value::Scalar(s) => s.text.to_string(),
                Value::Sequence(s) => format!("[{}]", s.items.iter().map(strip).collect::<Vec<_>>().join(",")),
                Value::Mapping(m) => format!(
                    "{{{}}}",
                    m.entries
                        .iter()
                        .map(|e| format!("{}={}", e.key.text, e.value.as_ref().map(strip).unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            }
        }
        assert_eq!(strip(back.root.as_ref().unwrap()), strip(doc.root.as_ref().unwrap()), "{yaml}");
        assert!(yaml.contains("builtin: \"false\"\n"), "{yaml}");
        assert!(yaml.contains("rocket_mode_compatible: true\n"), "{yaml}");
    }
}
