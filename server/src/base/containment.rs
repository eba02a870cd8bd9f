//! Containment: file contents are never read through a symbolic link whose target lies outside
//! the workspace folders (a `bundle.yaml` linked to `/etc/passwd` must not end up in diagnostics,
//! nor in a CI job's annotations).

use std::path::{Path, PathBuf};

/// Where reading `path` would land.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Containment {
    /// Inside the allowed folders, or no link is involved, or no folders are known.
    Inside,
    /// A link on the way leads outside every allowed folder; `target` is where it resolves to.
    Escapes { target: PathBuf },
    /// A link that cannot be resolved: a loop, or its target is gone.
    Unresolved,
}

/// The pure rule. `lexical` is the path as found (inside a workspace folder, links not followed),
/// `resolved` the same path with every link followed (`None` when that failed), and `roots` the
/// allowed folders, each as given and canonical. A path that is not lexically inside any root is
/// not a workspace file and is left alone (the caller decided to read it); one that is must also
/// resolve inside some root.
pub fn classify(lexical: &Path, resolved: Option<&Path>, roots: &[(PathBuf, PathBuf)]) -> Containment {
    let inside = |p: &Path| roots.iter().any(|(given, canonical)| p.starts_with(given) || p.starts_with(canonical));
    if roots.is_empty() || !inside(lexical) {
        return Containment::Inside;
    }
    match resolved {
        None => Containment::Unresolved,
        Some(target) if roots.iter().any(|(_, canonical)| target.starts_with(canonical)) => Containment::Inside,
        Some(target) => Containment::Escapes { target: target.to_path_buf() },
    }
}

/// [`classify`] on the file system: resolves `path` (every link on the way) and the roots.
pub fn containment(path: &Path, roots: &[PathBuf]) -> Containment {
    if roots.is_empty() {
        return Containment::Inside;
    }
    on_disk(path, &resolve_roots(roots))
}

/// Each root as given and canonical.
fn resolve_roots(roots: &[PathBuf]) -> Vec<(PathBuf, PathBuf)> {
    roots.iter().map(|r| (r.clone(), std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))).collect()
}

/// [`classify`] with `path` resolved on disk.
fn on_disk(path: &Path, roots: &[(PathBuf, PathBuf)]) -> Containment {
    let resolved = std::fs::canonicalize(path).ok();
    match classify(path, resolved.as_deref(), roots) {
        // A path that does not exist (yet) is not a link problem: reading it simply fails.
        Containment::Unresolved if std::fs::symlink_metadata(path).is_err() => Containment::Inside,
        other => other,
    }
}

/// The roots resolved once, and the folders already judged: what a disk source checks before
/// each read. The verdict of [`containment`], but resolves each folder once, and a file only when it is
/// itself a link (a folder's verdict is kept for the life of these bounds).
#[derive(Debug, Default)]
pub struct Bounds {
    roots: Vec<(PathBuf, PathBuf)>,
    // Keyed by the folder's fingerprint, not a copy of its path: every folder of the workspace
    // is judged (10,000 paths, 1.5 MB of keys at 10,000 bundles).
    dirs: super::hash::DashMap<super::hash::PathId, bool>,
}

impl Bounds {
    pub fn new(roots: &[PathBuf]) -> Self {
        Bounds { roots: resolve_roots(roots), dirs: Default::default() }
    }

    /// Reading `path` stays inside the roots (no roots: no limit).
    pub fn allows(&self, path: &Path) -> bool {
        if self.roots.is_empty() {
            return true;
        }
        if let Some(dir) = path.parent() {
            if !self.dir_allows(dir) {
                return false;
            }
        }
        if is_link(path) {
            return self.judge(path);
        }
        true
    }

    /// A folder's verdict, kept. A folder that is no link, in an allowed folder, is allowed
    /// without resolving it (one `lstat`, not a `readlink` per component of its path).
    fn dir_allows(&self, dir: &Path) -> bool {
        let id = super::hash::PathId::of(dir);
        if let Some(known) = self.dirs.get(&id) {
            return *known;
        }
        let ok = match (dir.parent(), dir.file_name()) {
            (Some(parent), Some(_)) if self.dir_allows(parent) && !is_link(dir) => true,
            _ => self.judge(dir),
        };
        self.dirs.insert(id, ok);
        ok
    }

    fn judge(&self, p: &Path) -> bool {
        on_disk(p, &self.roots) == Containment::Inside
    }
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn may_read(path: &Path, roots: &[PathBuf]) -> bool {
        containment(path, roots) == Containment::Inside
    }

    fn roots(list: &[&str]) -> Vec<(PathBuf, PathBuf)> {
        list.iter().map(|r| (PathBuf::from(r), PathBuf::from(r))).collect()
    }

    #[test]
    fn rule() {
        let ws = roots(&["/ws", "/other"]);
        let p = Path::new("/ws/X.extension/bundle.yaml");
        assert_eq!(classify(p, Some(p), &ws), Containment::Inside);
        assert_eq!(classify(p, Some(Path::new("/other/b.yaml")), &ws), Containment::Inside);
        assert_eq!(
            classify(p, Some(Path::new("/etc/passwd")), &ws),
            Containment::Escapes { target: PathBuf::from("/etc/passwd") }
        );
        assert_eq!(classify(p, None, &ws), Containment::Unresolved);
        // Not a workspace file (e.g. the configured pyRevit folder), or no workspace: not ours to judge.
        assert_eq!(classify(Path::new("/opt/x"), Some(Path::new("/etc/x")), &ws), Containment::Inside);
        assert_eq!(classify(p, Some(Path::new("/etc/passwd")), &[]), Containment::Inside);
        // `/wsx` is not inside `/ws`: components, not string prefixes.
        assert_eq!(
            classify(p, Some(Path::new("/wsx/a")), &ws),
            Containment::Escapes { target: PathBuf::from("/wsx/a") }
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_on_disk() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.txt");
        std::fs::write(&secret, "secret").unwrap();
        let ws = tempfile::tempdir().unwrap();
        let root = vec![ws.path().to_path_buf()];
        std::fs::write(ws.path().join("plain.yaml"), "").unwrap();
        symlink(&secret, ws.path().join("out.yaml")).unwrap();
        symlink(ws.path().join("plain.yaml"), ws.path().join("in.yaml")).unwrap();
        symlink(outside.path(), ws.path().join("outdir")).unwrap();
        symlink(ws.path().join("loop_b"), ws.path().join("loop_a")).unwrap();
        symlink(ws.path().join("loop_a"), ws.path().join("loop_b")).unwrap();
        assert!(may_read(&ws.path().join("plain.yaml"), &root));
        assert!(may_read(&ws.path().join("in.yaml"), &root));
        assert!(may_read(&ws.path().join("missing.yaml"), &root));
        assert!(matches!(containment(&ws.path().join("out.yaml"), &root), Containment::Escapes { .. }));
        assert!(!may_read(&ws.path().join("outdir/secret.txt"), &root));
        assert_eq!(containment(&ws.path().join("loop_a"), &root), Containment::Unresolved);
        assert!(may_read(&secret, &root), "not below the workspace: not judged");
        // The cached bounds a disk source uses say the same, asked twice (the folder verdicts
        // are kept).
        let bounds = Bounds::new(&root);
        for _ in 0..2 {
            for name in ["plain.yaml", "in.yaml", "missing.yaml", "out.yaml", "outdir/secret.txt", "loop_a"] {
                let p = ws.path().join(name);
                assert_eq!(bounds.allows(&p), may_read(&p, &root), "{name}");
            }
            assert!(bounds.allows(&secret));
        }
    }
}
