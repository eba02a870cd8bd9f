//! Diagnostics inside metadata files: `bundle.yaml`, `extension.json`, `extension.yaml`.
//! Syntax first; the checks of keys and values build on the same parsed model.

use std::path::Path;

use crate::analysis::meta_check;
use crate::analysis::meta_docs::{meta_document, ParsedMeta};
use crate::analysis::{codes, Diagnostic, Severity, Snapshot};
use crate::index::{BundleId, ExtensionId};
use crate::syntax::{Format, Value};

pub(super) fn bundle_yaml(snap: &Snapshot, ext: ExtensionId, bundle: Option<BundleId>, path: &Path) -> Vec<Diagnostic> {
    let Some(parsed) = meta_document(snap, path) else { return Vec::new() };
    let mut out = syntax(
        &parsed,
        "pyRevit cannot read this bundle.yaml (\"Error reading meta file\") and ignores all of its metadata",
    );
    out.extend(not_mapping(&parsed, "bundle.yaml"));
    out.extend(meta_check::bundle_yaml(snap, ext, bundle, path));
    out
}

pub(super) fn manifest(snap: &Snapshot, ext: ExtensionId, path: &Path) -> Vec<Diagnostic> {
    let Some(parsed) = meta_document(snap, path) else { return Vec::new() };
    let mut out = syntax(
        &parsed,
        match parsed.doc.format {
            Format::Json => {
                "pyRevit logs \"Can not parse ext manifest file\" and ignores the manifest (and its templates)"
            }
            Format::Yaml => "this extension.yaml cannot be read",
        },
    );
    out.extend(not_mapping(&parsed, "the extension manifest"));
    out.extend(meta_check::manifest(snap, ext, path));
    out
}

/// Metadata globals (`__title__`, `__context__`, …) of a command script.
pub(super) fn script(snap: &Snapshot, ext: ExtensionId, path: &Path) -> Vec<Diagnostic> {
    meta_check::script_metadata(snap, ext, path)
}

/// One diagnostic per broken region, saying what pyRevit does with the file.
fn syntax(parsed: &ParsedMeta, consequence: &str) -> Vec<Diagnostic> {
    let (code, what) = match parsed.doc.format {
        Format::Json => (codes::MANIFEST_PARSE, "JSON"),
        Format::Yaml => (codes::YAML_SYNTAX, "YAML"),
    };
    parsed
        .doc
        .errors
        .iter()
        .map(|e| {
            Diagnostic::new(code, Severity::Error, e.range, format!("{what} syntax: {}; {consequence}", e.message))
        })
        .collect()
}

fn not_mapping(parsed: &ParsedMeta, what: &str) -> Option<Diagnostic> {
    let root = parsed.doc.root.as_ref()?;
    if matches!(root.value, Value::Mapping(_)) || !parsed.doc.errors.is_empty() {
        return None;
    }
    Some(Diagnostic::new(
        codes::METADATA_NOT_MAPPING,
        Severity::Error,
        root.range,
        format!("{what} must be a mapping of `key: value` lines; pyRevit ignores a file whose top level is a list or a plain value"),
    ))
}
