//! Parsed metadata files (`bundle.yaml`, `extension.yaml`, `extension.json`), in the snapshot's
//! caches keyed by path; an entry is reused while the file's text is unchanged.
//!
//! What stays: manifests, the extension root's `bundle.yaml`, the `bundle.yaml` of bundles with
//! sub-bundles (every descendant reads them: templates, `layout`), files that use templates
//! (`{{…}}`: checked again after every edit of an ancestor's metadata) and open documents. Any
//! other leaf bundle's `bundle.yaml` is read by its own checks and its script's, one after the
//! other, so it stays only among the last [`RECENT`] such files: the parsed models were one of
//! the largest parts of the server's memory.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;

use super::{file_kind, FileKind, Snapshot};
use crate::base::hash::PathKey;
use crate::base::DocVersion;
use crate::knowledge::templates::OPEN;
use crate::syntax::{parse_json, parse_yaml_reusable, reparse_yaml_edited, MetaDocument, YamlReuse};

/// A metadata file's text and its spanned model.
pub struct ParsedMeta {
    pub text: Arc<str>,
    pub doc: MetaDocument,
    /// What the next version of a YAML file can reuse of this parse.
    reuse: YamlReuse,
    /// The open document's version `text` is, when it is one ([`crate::base::OpenFile::at`]): the
    /// next version's edit is then known. A later version of the same text (a whole-text change
    /// that changed nothing) takes this entry and names itself here.
    from: std::sync::Mutex<Option<DocVersion>>,
}

/// Leaf `bundle.yaml` models kept after their last use.
const RECENT: usize = 64;

/// Leaf `bundle.yaml` entries of the cache, oldest first.
pub(crate) type Recent = std::sync::Mutex<VecDeque<(std::path::PathBuf, Arc<ParsedMeta>)>>;

/// Locks taken to parse the new version of a file of at least [`LOCKED_BYTES`], one per path
/// (by its hash; paths may share one).
pub(crate) type Parsing = [std::sync::Mutex<()>; 16];

/// Files this big are parsed by one thread at a time: a keystroke's checks read an open
/// `bundle.yaml` on several threads at once (its own, its script's), and the first one to
/// parse the new version takes the previous entry out of the cache (to move its model into the
/// new one): the others would parse it from scratch, 10 MB each, instead of waiting for it.
const LOCKED_BYTES: usize = 64 * 1024;

/// The parsed model of a metadata file (JSON by extension, YAML otherwise).
pub fn meta_document(snap: &Snapshot, path: &Path) -> Option<Arc<ParsedMeta>> {
    let text = snap.files.read(path)?;
    // The cached entry when it is this text's; else the previous version's, when reusable.
    let cached = || -> Result<Arc<ParsedMeta>, Option<Arc<ParsedMeta>>> {
        let Some(hit) = snap.caches.meta_docs.get(PathKey::new(path)) else { return Err(None) };
        if Arc::ptr_eq(&hit.text, &text) || *hit.text == *text {
            if snap.vfs.is_open(path) {
                // Read from disk before it was opened: it stays now.
                unlist(snap, &hit);
            }
            if let Some(open) = snap.vfs.open.get(path).filter(|f| Arc::ptr_eq(&f.text, &text)) {
                // This version's text too: the next version's edit is known against it.
                *hit.from.lock().unwrap_or_else(|e| e.into_inner()) = open.at();
            }
            return Ok(hit.clone());
        }
        Err(Some(hit.clone()).filter(|p| !p.reuse.is_empty()))
    };
    let mut previous = match cached() {
        Ok(hit) => return Some(hit),
        Err(previous) => previous,
    };
    let _parsing = match text.len() >= LOCKED_BYTES {
        true => {
            // (Not holding the previous entry while waiting: the thread that parses moves its
            // model when nothing else holds it.)
            drop(previous.take());
            let lock = &snap.caches.meta_parsing[crate::base::hash::path_hash(path) as usize % 16];
            let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
            // Parsed by another thread while this one waited?
            previous = match cached() {
                Ok(hit) => return Some(hit),
                Err(previous) => previous,
            };
            Some(guard)
        }
        false => None,
    };
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let open = snap.vfs.open.get(path).filter(|f| Arc::ptr_eq(&f.text, &text));
    let (doc, reuse) = if is_json {
        (parse_json(&text), YamlReuse::default())
    } else {
        // The edit from the previous version, when it is the one the open document changed.
        let edited = |p: &ParsedMeta| {
            let from = *p.from.lock().unwrap_or_else(|e| e.into_inner());
            open.and_then(|f| f.edited).filter(|e| from == Some(e.from))
        };
        let next = previous.and_then(|p| {
            let edit = edited(&p).map(|e| (e.lo, e.old_hi, e.new_hi));
            next_version(snap, path, p, &text, edit)
        });
        next.unwrap_or_else(|| parse_yaml_reusable(&text))
    };
    let from = open.and_then(|f| f.at());
    let parsed = Arc::new(ParsedMeta { text, doc, reuse, from: std::sync::Mutex::new(from) });
    snap.caches.meta_docs.insert(path.into(), parsed.clone());
    // A file that uses templates is checked again whenever an ancestor's metadata changes (its
    // templates may have): its model stays, so a keystroke does not parse them all again.
    // (The open document first: a search of its text is the dearest test.)
    let transient = !snap.vfs.is_open(path) && is_leaf_bundle_yaml(snap, path) && !parsed.text.contains(OPEN);
    if transient {
        let mut recent = snap.caches.meta_recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.push_back((path.to_path_buf(), parsed.clone()));
        while recent.len() > RECENT {
            let Some((old, entry)) = recent.pop_front() else { break };
            snap.caches.meta_docs.remove_if(PathKey::new(&old), |_, e| Arc::ptr_eq(e, &entry));
        }
    }
    Some(parsed)
}

/// The model of `text` from the previous version's (`reparse_yaml`: an edit inside a long block
/// scalar). The previous entry leaves the cache first (and the recent leaves: a document read from
/// disk before it was opened is among them): when nothing else holds it, its model is moved into
/// the new one instead of copied.
fn next_version(
    snap: &Snapshot,
    path: &Path,
    previous: Arc<ParsedMeta>,
    text: &str,
    edit: Option<(usize, usize, usize)>,
) -> Option<(MetaDocument, YamlReuse)> {
    snap.caches.meta_docs.remove_if(PathKey::new(path), |_, e| Arc::ptr_eq(e, &previous));
    unlist(snap, &previous);
    let (old_text, doc, reuse) = match Arc::try_unwrap(previous) {
        Ok(p) => (p.text, p.doc, p.reuse),
        Err(shared) => {
            // (Still read by another thread, on an older snapshot: copied.)
            tracing::debug!(path = %path.display(), holders = Arc::strong_count(&shared), "previous model copied");
            (shared.text.clone(), shared.doc.clone(), shared.reuse.clone())
        }
    };
    reparse_yaml_edited(&old_text, doc, &reuse, text, edit)
}

/// Take `entry` off the recent leaves (it is not dropped from the cache after them).
fn unlist(snap: &Snapshot, entry: &Arc<ParsedMeta>) {
    let mut recent = snap.caches.meta_recent.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = recent.iter().position(|(_, e)| Arc::ptr_eq(e, entry)) {
        recent.remove(i);
    }
}

/// The `bundle.yaml` of a bundle without sub-bundles.
fn is_leaf_bundle_yaml(snap: &Snapshot, path: &Path) -> bool {
    match file_kind(snap, path) {
        FileKind::BundleYaml { ext, bundle: Some(b) } => snap.index.extension(ext).bundle(b).children.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::MemoryFs;
    use std::path::PathBuf;

    #[test]
    fn leaf_models_without_templates_are_not_kept() {
        let root = PathBuf::from("/ws/X.extension");
        let mut fs = MemoryFs::default();
        fs.insert(&root.join("T.tab/bundle.yaml"), "layout: [B0]\n");
        let leaf = |i: usize| root.join(format!("T.tab/P.panel/B{i}.pushbutton/bundle.yaml"));
        for i in 0..=RECENT {
            fs.insert(&leaf(i), "title: B\n");
        }
        let user = root.join("T.tab/P.panel/U.pushbutton/bundle.yaml");
        fs.insert(&user, "title: '{{name}}'\n");
        let fs: Arc<dyn crate::base::FileSource> = Arc::new(fs);
        let index = crate::index::build_index_with(std::slice::from_ref(&root), &*fs);
        let snap = Snapshot::new(Arc::new(index), fs, Arc::default());
        for path in [root.join("T.tab/bundle.yaml"), user.clone()].into_iter().chain((0..=RECENT).map(leaf)) {
            assert!(meta_document(&snap, &path).is_some());
        }
        let kept = |p: &Path| snap.caches.meta_docs.contains_key(PathKey::new(p));
        assert!(!kept(&leaf(0)), "the oldest plain leaf model is dropped");
        assert!(kept(&leaf(RECENT)), "the last ones stay");
        assert!(kept(&root.join("T.tab/bundle.yaml")) && kept(&user), "containers and template users stay");
        assert_eq!(meta_document(&snap, &leaf(0)).unwrap().doc.root_mapping().map(|m| m.iter().count()), Some(1));
    }

    /// Typing in an open `bundle.yaml`'s long literal tooltip: each version's model comes from
    /// the previous one's (patched, not parsed) and equals a fresh parse; the old entry leaves the
    /// cache.
    #[test]
    fn typing_in_a_long_tooltip_patches_the_previous_model() {
        use crate::base::{ContentChange, Document, LineCol, OpenFiles, PositionEncoding, Vfs};
        let root = PathBuf::from("/ws/X.extension");
        let path = root.join("T.tab/P.panel/B.pushbutton/bundle.yaml");
        let mut text = String::from("title: Big\ntooltip: |\n");
        for i in 0..2_000 {
            text.push_str(&format!("  line {i}: typed into, again and again\n"));
        }
        text.push_str("author: me\n");
        let mut fs = MemoryFs::default();
        fs.insert(&path, &text);
        let leaf = |i: usize| root.join(format!("T.tab/P.panel/L{i}.pushbutton/bundle.yaml"));
        for i in 0..=RECENT {
            fs.insert(&leaf(i), "title: L\n");
        }
        let fs: Arc<dyn crate::base::FileSource> = Arc::new(fs);
        let index = crate::index::build_index_with(std::slice::from_ref(&root), &*fs);
        let disk = Snapshot::new(Arc::new(index), fs, Arc::default());
        // The editor's document: each keystroke is one change, whose bytes the reparse is told.
        let mut document = Document::new(&text, 1);
        // `None` for the piece: the whole text sent again, unchanged.
        let mut open = |change: Option<(LineCol, Option<&str>)>| {
            if let Some((at, piece)) = change {
                let change = match piece {
                    Some(piece) => ContentChange { range: Some((at, at)), text: piece.into() },
                    None => ContentChange { range: None, text: document.text().to_string() },
                };
                assert!(document.apply(document.version() + 1, &[change], PositionEncoding::Utf8));
            }
            let docs = std::iter::once((path.clone(), document.open_file())).collect();
            disk.with_vfs(Vfs { open: Arc::new(OpenFiles::new(docs)), disk: disk.vfs.disk.clone() })
        };
        // Read from disk first (the workspace's first round: a leaf kept among the recent ones),
        // then opened with that text: the first keystroke is patched in too.
        assert!(meta_document(&disk, &path).is_some());
        let first = meta_document(&open(None), &path).unwrap();
        assert!(!first.reuse.is_empty() && !first.reuse.patched());
        drop(first);
        // More leaves read after it (a check of the whole workspace): the open one's model stays.
        for i in 0..=RECENT {
            assert!(meta_document(&disk, &leaf(i)).is_some());
        }
        assert!(disk.caches.meta_docs.contains_key(PathKey::new(&path)));
        let mut at = text.find("line 1000:").unwrap();
        // (A whole-text change that changes nothing takes the previous entry: the next
        // keystroke is told against it all the same.)
        for piece in [Some("x"), Some("y"), None, Some("\n  new line"), Some(" z")] {
            let line = text[..at].matches('\n').count() as u32;
            let col = (at - text[..at].rfind('\n').map_or(0, |i| i + 1)) as u32;
            let snap = open(Some((LineCol { line, col }, piece)));
            let Some(piece) = piece else {
                assert!(meta_document(&snap, &path).is_some_and(|p| p.reuse.told()), "the same entry");
                continue;
            };
            text.insert_str(at, piece);
            at += piece.len();
            let parsed = meta_document(&snap, &path).unwrap();
            assert!(parsed.reuse.patched(), "{piece:?} was not patched in");
            // (The first keystroke's previous model was read from disk, and then taken for the
            // document opened with that text: its version is known.)
            assert!(parsed.reuse.told(), "{piece:?}: the edit told");
            assert_eq!(parsed.doc, crate::syntax::parse_yaml(&text));
            assert_eq!(disk.caches.meta_docs.len(), 1 + RECENT);
            let recent = disk.caches.meta_recent.lock().unwrap();
            assert!(
                !recent.iter().any(|(p, _)| *p == path),
                "the version read from disk is not held (moved, not copied)"
            );
        }
    }

    /// A keystroke in an open big `bundle.yaml` read by several checks at once: one thread
    /// parses the new version (from the previous one's), the others wait for it and take that
    /// model; none parses it again (all get the one entry).
    #[test]
    fn a_new_version_read_on_several_threads_is_parsed_once() {
        use crate::base::{OpenFile, OpenFiles, Vfs};
        let root = PathBuf::from("/ws/X.extension");
        let path = root.join("T.tab/P.panel/B.combobox/bundle.yaml");
        let mut text = String::from("title: Big\nmembers:\n");
        for i in 0..20_000 {
            text.push_str(&format!("  - id: m{i}\n    text: Member {i}\n"));
        }
        let mut fs = MemoryFs::default();
        fs.insert(&path, &text);
        let fs: Arc<dyn crate::base::FileSource> = Arc::new(fs);
        let index = crate::index::build_index_with(std::slice::from_ref(&root), &*fs);
        let disk = Snapshot::new(Arc::new(index), fs, Arc::default());
        let open = |text: &str, version| {
            let file = OpenFile::new(Arc::from(text), version);
            let docs = std::iter::once((path.clone(), file)).collect();
            disk.with_vfs(Vfs { open: Arc::new(OpenFiles::new(docs)), disk: disk.vfs.disk.clone() })
        };
        assert!(meta_document(&open(&text, 1), &path).is_some_and(|p| !p.reuse.is_empty()));
        text.insert(text.find("Member 10000").unwrap(), 'x');
        let snap = open(&text, 2);
        let parsed: Vec<Arc<ParsedMeta>> = std::thread::scope(|s| {
            let threads: Vec<_> = (0..4).map(|_| s.spawn(|| meta_document(&snap, &path).unwrap())).collect();
            threads.into_iter().map(|t| t.join().unwrap()).collect()
        });
        assert!(parsed.iter().all(|p| Arc::ptr_eq(p, &parsed[0])), "parsed more than once");
        assert_eq!(parsed[0].doc, crate::syntax::parse_yaml(&text));
    }
}
