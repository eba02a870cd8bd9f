//! `{{name}}` templates (spec §7): definitions in scope per loader, uses in bundle.yaml fields and
//! script globals, and the features over them (diagnostics, completion, hover, definition,
//! references, rename). Scopes are recomputed per request from the cached parsed metadata files
//! (a bundle's scope reads only its ancestors' files; see the latency note in the module tests).

mod defs;
mod diagnostics;
mod ide;
mod refs;
mod script_fields;
mod uses;

use std::path::{Path, PathBuf};

pub use defs::{file_definitions, manifest_path, scope, DefKind, Definition, Level, Scope};
pub use diagnostics::diagnostics;
pub use ide::{completions, definition, hover, prepare_rename, references, rename};
pub use refs::{tags, Tag};
pub use uses::{script_uses, yaml_uses, Unquoted, Use};

use super::meta_docs::meta_document;
use super::{file_kind, FileKind, Snapshot};
use crate::index::{BundleId, ExtensionId};

/// The uses in one file and the bundle whose scope they resolve in (`None`: root bundle.yaml).
pub struct FileUses {
    pub path: PathBuf,
    pub ext: ExtensionId,
    pub bundle: Option<BundleId>,
    pub uses: Vec<Use>,
    pub unquoted: Vec<Unquoted>,
}

impl FileUses {
    /// A file without uses.
    fn none(path: &Path, ext: ExtensionId, bundle: Option<BundleId>) -> Self {
        FileUses { path: path.to_path_buf(), ext, bundle, uses: Vec::new(), unquoted: Vec::new() }
    }
}

/// What the template uses below the metadata file `path` read from it: its definitions without
/// their positions (`None` when it is no metadata file). Two texts with the same answer give every
/// use below the same diagnostics.
pub fn definitions_read_below(snap: &Snapshot, path: &Path) -> Option<Vec<(String, String, DefKind)>> {
    let (manifest, bundle) = match file_kind(snap, path) {
        FileKind::BundleYaml { bundle, .. } => (false, bundle),
        FileKind::ExtensionJson { .. } | FileKind::ExtensionYaml { .. } => (true, None),
        _ => return None,
    };
    Some(file_definitions(snap, path, manifest, bundle).into_iter().map(|d| (d.name, d.value, d.kind)).collect())
}

/// Whether `bytes` has a `{{` or a `\` (an escape may spell one): one pass at memchr speed over
/// the two bytes that can start either (two passes, for each, were a twentieth of a keystroke in
/// a 10 MB file; `str::contains` of a `char`, a tenth).
fn may_hold_tags(bytes: &[u8]) -> bool {
    let open = crate::knowledge::templates::OPEN.as_bytes();
    memchr::memchr2_iter(open[0], b'\\', bytes).any(|i| bytes[i] == b'\\' || bytes[i..].starts_with(open))
}

/// [`may_hold_tags`] of `path`'s `text`. An open document's version made by one ranged change
/// of a version without (`Caches::no_tags`) is searched around the changed bytes only: a tag's
/// opening or an escape outside them was in that version too (a 10 MB `bundle.yaml` was searched
/// whole on every keystroke).
fn file_may_hold_tags(snap: &Snapshot, path: &Path, text: &std::sync::Arc<str>) -> bool {
    use crate::base::hash::PathKey;
    let bytes = text.as_bytes();
    // (A file read from disk is searched whole, and the note is not touched: the workspace's
    // checks read thousands of them, on every core.)
    let Some(open) = snap.vfs.open.get(path).filter(|f| std::sync::Arc::ptr_eq(&f.text, text)) else {
        return may_hold_tags(bytes);
    };
    let before = snap.caches.no_tags.get(PathKey::new(path)).map(|v| *v);
    let holds = match open.edited.filter(|e| before == Some(e.from)) {
        Some(e) => {
            // (An opening may start in the byte before the change or end in the one after.)
            let reach = crate::knowledge::templates::OPEN.len() - 1;
            let around = bytes.get(e.lo.saturating_sub(reach)..(e.new_hi + reach).min(bytes.len()));
            around.is_none_or(may_hold_tags)
        }
        None => may_hold_tags(bytes),
    };
    match open.at().filter(|_| !holds) {
        Some(at) => {
            snap.caches.no_tags.insert(path.into(), at);
        }
        None if before.is_some() => {
            snap.caches.no_tags.remove(PathKey::new(path));
        }
        None => {}
    }
    holds
}

/// Uses in `path` when it is a bundle.yaml or a bundle's script.
pub fn file_uses(snap: &Snapshot, path: &Path) -> Option<FileUses> {
    match file_kind(snap, path) {
        FileKind::BundleYaml { ext, bundle } => {
            // Without `{{` or an escape in the source no value can hold a tag: such a file is
            // not parsed for this (its model may not be cached, see `meta_docs`).
            let text = snap.files.read(path)?;
            if !file_may_hold_tags(snap, path, &text) {
                return Some(FileUses::none(path, ext, bundle));
            }
            let parsed = meta_document(snap, path)?;
            let (uses, unquoted) = yaml_uses(&parsed.doc, &parsed.text, bundle.is_none());
            Some(FileUses { path: path.to_path_buf(), ext, bundle, uses, unquoted })
        }
        FileKind::Python { ext } => {
            let (ext2, bundle) = snap.index.owner_of(path.parent()?)?;
            let b = snap.index.extension(ext2).bundle(bundle?);
            if ext2 != ext || !b.is_script(path) {
                return None;
            }
            let text = snap.files.read(path)?;
            // The bundle.yaml's keys only decide which loaders substitute a use: most scripts
            // have none, and then their bundle.yaml is not parsed for this.
            if script_uses(&text, None).is_empty() {
                return Some(FileUses::none(path, ext, bundle));
            }
            let keys: Option<Vec<String>> = b.bundle_yaml().map(|y| {
                let parsed = meta_document(snap, &y);
                let root = parsed
                    .as_ref()
                    .and_then(|p| p.doc.root_mapping().map(|m| m.iter().map(|e| e.key.text.to_string()).collect()));
                root.unwrap_or_default()
            });
            let uses = script_uses(&text, keys.as_deref());
            Some(FileUses { path: path.to_path_buf(), ext, bundle, uses, unquoted: Vec::new() })
        }
        _ => None,
    }
}

/// The exact ranges of the `{{name}}` tags in a file (for semantic highlighting).
pub fn tag_ranges(snap: &Snapshot, path: &Path) -> Vec<crate::base::TextRange> {
    file_uses(snap, path).map(|f| f.uses.into_iter().filter(|u| u.exact).map(|u| u.range).collect()).unwrap_or_default()
}

/// Every file of an extension that can hold uses: the root bundle.yaml, each bundle.yaml and each
/// bundle's Python script. One at a time: the manifest's unused-template check walks them during
/// the first round, and a list of 18,000 paths was part of the server's peak.
pub fn use_files(snap: &Snapshot, ext: ExtensionId) -> impl Iterator<Item = PathBuf> + '_ {
    let e = snap.index.extension(ext);
    e.bundle_yaml.clone().into_iter().chain(e.bundles.iter().flat_map(|b| {
        let scripts = b.script().into_iter().chain(b.csharp_only()).filter(|s| crate::analysis::is_python(s));
        b.bundle_yaml().into_iter().chain(scripts)
    }))
}

/// Uses of every file of an extension (or only the files of `within` and its descendants).
pub fn extension_uses(snap: &Snapshot, ext: ExtensionId, within: Option<BundleId>) -> Vec<FileUses> {
    extension_uses_iter(snap, ext, within).collect()
}

/// [`extension_uses`] one file at a time (for a search that can stop early).
pub fn extension_uses_iter(
    snap: &Snapshot,
    ext: ExtensionId,
    within: Option<BundleId>,
) -> impl Iterator<Item = FileUses> + '_ {
    let e = snap.index.extension(ext);
    use_files(snap, ext)
        .filter(move |p| match within {
            None => true,
            Some(w) => p
                .parent()
                .and_then(|d| snap.index.owner_of(d))
                .and_then(|(_, b)| b)
                .is_some_and(|b| e.ancestors(b).any(|a| a == w)),
        })
        .filter_map(move |p| file_uses(snap, &p))
}

/// Every definition in an extension: manifest, root bundle.yaml, every bundle.yaml.
pub fn extension_definitions(snap: &Snapshot, ext: ExtensionId) -> Vec<Definition> {
    let e = snap.index.extension(ext);
    let mut out = manifest_path(e).map(|p| file_definitions(snap, p, true, None)).unwrap_or_default();
    if let Some(p) = &e.bundle_yaml {
        out.extend(file_definitions(snap, p, false, None));
    }
    for id in e.bundle_ids() {
        if let Some(p) = &e.bundle(id).bundle_yaml() {
            out.extend(file_definitions(snap, p, false, Some(id)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// A `{{` or a backslash anywhere (the first byte, the last, after lone `{`) is found; lone
    /// braces are not enough.
    #[test]
    fn may_hold_tags_finds_an_opening_or_an_escape() {
        for (text, want) in [
            ("", false),
            ("a: {b: c}\n", false),
            ("{", false),
            ("a: } {", false),
            ("{{", true),
            ("a: { {{x}}", true),
            ("title: x {{", true),
            ("\\", true),
            ("a: \"\\u007b\"", true),
        ] {
            assert_eq!(super::may_hold_tags(text.as_bytes()), want, "{text:?}");
        }
    }

    /// Random keystrokes in an open `bundle.yaml` (braces, backslashes, letters, deletions): each
    /// version's answer equals a search of its whole text, also when it came from the previous
    /// version's (an opening typed brace by brace, or joined by deleting what lay between).
    #[test]
    fn typed_openings_are_found_from_the_previous_versions_answer() {
        use crate::base::{ContentChange, Document, LineCol, MemoryFs, OpenFiles, PositionEncoding, Vfs};
        use std::sync::Arc;
        let root = std::path::PathBuf::from("/ws/X.extension");
        let path = root.join("T.tab/P.panel/B.pushbutton/bundle.yaml");
        let text = "title: a {-{ b\nauthor: x\n";
        let mut fs = MemoryFs::default();
        fs.insert(&path, text);
        let fs: Arc<dyn crate::base::FileSource> = Arc::new(fs);
        let index = crate::index::build_index_with(std::slice::from_ref(&root), &*fs);
        let disk = super::Snapshot::new(Arc::new(index), fs, Arc::default());
        let mut document = Document::new(text, 1);
        let (mut rng, mut from_previous) = (0x2545_F491_u64, 0);
        for _ in 0..2_000 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let now = document.text();
            let lines: Vec<&str> = now.split('\n').collect();
            let line = (rng % lines.len() as u64) as usize;
            let col = ((rng >> 8) % (lines[line].len() as u64 + 1)) as u32;
            let end = (col + ((rng >> 16) % 3) as u32).min(lines[line].len() as u32);
            let piece = ["{", "{", "}", "\\", "a", "", "-"][((rng >> 24) % 7) as usize];
            let (a, b) = (LineCol { line: line as u32, col }, LineCol { line: line as u32, col: end });
            let change = ContentChange { range: Some((a, b)), text: piece.into() };
            assert!(document.apply(document.version() + 1, &[change], PositionEncoding::Utf8));
            // (Braces pile up: now and then the text starts over.)
            if (rng >> 32) % 8 == 0 {
                let change = ContentChange { range: None, text: text.into() };
                assert!(document.apply(document.version() + 1, &[change], PositionEncoding::Utf8));
            }
            let f = document.open_file();
            let docs = std::iter::once((path.clone(), f.clone())).collect();
            let snap = disk.with_vfs(Vfs { open: Arc::new(OpenFiles::new(docs)), disk: disk.vfs.disk.clone() });
            let before = disk.caches.no_tags.get(crate::base::hash::PathKey::new(&path)).map(|v| *v);
            from_previous += usize::from(f.edited.is_some_and(|e| before == Some(e.from)));
            let holds = super::file_may_hold_tags(&snap, &path, &f.text);
            assert_eq!(holds, super::may_hold_tags(f.text.as_bytes()), "{:?}", f.text);
        }
        assert!(from_previous > 300, "{from_previous} versions answered from the previous one's");
    }
}
