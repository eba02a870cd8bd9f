//! Assists: "Convert extension.json to extension.yaml" and "Add bundle.yaml" (pre-filled from
//! the script's metadata globals).

use std::path::Path;

use super::script_literals::{extract_script_metadata, ScriptLiteral};
use super::yaml_out::{json_to_yaml, yaml_scalar};
use crate::analysis::meta_docs::meta_document;
use crate::analysis::{file_kind, FileEdit, FileKind, FileOp, Fix, Snapshot, TextEdit};
use crate::base::TextRange;
use crate::knowledge::files;
use crate::knowledge::script_meta::{script_global, SCRIPT_GLOBALS};

pub fn assists(snap: &Snapshot, path: &Path, _range: TextRange) -> Vec<Fix> {
    match file_kind(snap, path) {
        FileKind::ExtensionJson { ext } => {
            let e = snap.index.extension(ext);
            let target = e.root.join(files::EXTENSION_YAML);
            if e.manifest_yaml.is_some() || snap.files.read(&target).is_some() {
                return Vec::new();
            }
            let Some(meta) = meta_document(snap, path) else { return Vec::new() };
            if meta.doc.root_mapping().is_none() {
                return Vec::new();
            }
            let yaml = json_to_yaml(&meta.text, &meta.doc);
            vec![create(
                "Convert extension.json to extension.yaml (keeps extension.json, which pyRevit reads)",
                target,
                yaml,
            )]
        }
        FileKind::Python { ext } => add_bundle_yaml(snap, path, ext).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn create(title: &str, path: std::path::PathBuf, text: String) -> Fix {
    Fix {
        title: title.to_string(),
        edits: vec![FileEdit {
            path: path.clone(),
            edits: vec![TextEdit { range: TextRange::empty(0), new_text: text }],
        }],
        file_ops: vec![FileOp::Create { path }],
    }
}

fn add_bundle_yaml(snap: &Snapshot, path: &Path, ext: crate::index::ExtensionId) -> Option<Fix> {
    let dir = path.parent()?;
    let (_, bundle) = snap.index.owner_of(dir)?;
    let e = snap.index.extension(ext);
    let b = e.bundle(bundle?);
    if b.path != dir || !b.kind.is_command() || b.has_bundle_yaml() {
        return None;
    }
    let is_script = b.is_script(path);
    if !is_script {
        return None;
    }
    let target = dir.join(files::BUNDLE_METADATA);
    if snap.files.read(&target).is_some() {
        return None;
    }
    let source = snap.files.read(path)?;
    let yaml = bundle_yaml_from_script(&source, &b.name);
    Some(create("Add bundle.yaml (from the script's metadata; then the Python loader reads only it)", target, yaml))
}

/// A bundle.yaml holding the script's metadata globals, or just the title when there are none.
pub(super) fn bundle_yaml_from_script(source: &str, folder_name: &str) -> String {
    let mut globals = extract_script_metadata(source);
    // bundle.yaml key order: the knowledge table's (title, tooltip, author, …).
    globals.sort_by_key(|(n, _)| SCRIPT_GLOBALS.iter().position(|g| g.name == *n));
    let mut top = String::new();
    let mut engine = String::new();
    for (name, value) in &globals {
        let Some(key) = script_global(name).and_then(|g| g.bundle_key) else { continue };
        if let Some(sub) = key.strip_prefix("engine.") {
            engine.push_str(&format!("  {sub}:{}", render(value, 2)));
        } else {
            top.push_str(&format!("{key}:{}", render(value, 0)));
        }
    }
    if !top.starts_with("title:") && !top.contains("\ntitle:") {
        top.insert_str(0, &format!("title: {}\n", yaml_scalar(folder_name, false)));
    }
    if !engine.is_empty() {
        top.push_str("engine:\n");
        top.push_str(&engine);
    }
    top
}

/// The value after `key:` (starting with a space or a newline), nested at `indent`.
fn render(v: &ScriptLiteral, indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    match v {
        ScriptLiteral::Str(s) if block_ok(s) => {
            let body: Vec<String> =
                s.lines().map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") }).collect();
            format!(" |-\n{}\n", body.join("\n"))
        }
        ScriptLiteral::Str(s) => format!(" {}\n", yaml_scalar(s, false)),
        ScriptLiteral::Number(n) => format!(" {n}\n"),
        ScriptLiteral::Bool(b) => format!(" {b}\n"),
        ScriptLiteral::List(items) if items.is_empty() => " []\n".into(),
        ScriptLiteral::List(items) => {
            let mut s = String::from("\n");
            for it in items {
                match it {
                    ScriptLiteral::List(_) | ScriptLiteral::Dict(_) => {
                        let inner = render(it, indent + 2);
                        s.push_str(&format!("{pad}-{}", inner));
                    }
                    _ => s.push_str(&format!("{pad}-{}", render(it, indent + 2))),
                }
            }
            s
        }
        ScriptLiteral::Dict(entries) if entries.is_empty() => " {}\n".into(),
        ScriptLiteral::Dict(entries) => {
            let mut s = String::from("\n");
            for (k, val) in entries {
                s.push_str(&format!("{pad}{}:{}", yaml_scalar(k, false), render(val, indent + 2)));
            }
            s
        }
    }
}

/// A multi-line string a `|-` block keeps exactly.
fn block_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.ends_with('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && !s.contains('\r')
        && !s.chars().any(|c| c.is_control() && c != '\n')
        && s.lines().all(|l| l.trim_end() == l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_yaml;

    #[test]
    fn yaml_from_script_parses_back() {
        let src = "\"\"\"Renumbers views.\n\nSelect them first.\"\"\"\n__title__ = {'en_us': 'Re\\nnumber', 'fr_fr': 'Renuméroter'}\n\
                   __context__ = ['selection', 'OST_Views']\n__min_revit_ver__ = 2021\n__beta__ = True\n\
                   __cleanengine__ = True\n__authors__ = ['A', 'B: c']\n";
        let y = bundle_yaml_from_script(src, "Renumber");
        let doc = parse_yaml(&y);
        assert!(doc.errors.is_empty(), "{y}");
        let m = doc.root_mapping().unwrap();
        assert_eq!(m.value("tooltip").and_then(|n| n.as_str()), Some("Renumbers views.\n\nSelect them first."), "{y}");
        let t = m.value("title").and_then(|n| n.as_mapping()).unwrap();
        assert_eq!(t.value("en_us").and_then(|n| n.as_str()), Some("Re\nnumber"));
        let ctx = m.value("context").and_then(|n| n.as_sequence()).unwrap();
        assert_eq!(ctx.items.len(), 2);
        assert_eq!(
            m.value("engine").and_then(|n| n.as_mapping()).and_then(|e| e.value("clean")).and_then(|n| n.as_str()),
            Some("true")
        );
        assert_eq!(m.value("authors").and_then(|n| n.as_sequence()).map(|s| s.items[1].as_str()), Some(Some("B: c")));
    }

    #[test]
    fn no_metadata_gives_title() {
        assert_eq!(bundle_yaml_from_script("print(1)\n", "My Tool"), "title: My Tool\n");
    }
}
