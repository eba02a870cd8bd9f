//! The one hasher for in-memory maps keyed by paths and names (`HashMap`, `HashSet`, `DashMap`
//! aliases below): foldhash, several times faster than the standard SipHash on the long paths the
//! index and the caches are keyed by. Not meant to resist hash flooding, which needs
//! attacker-chosen keys in huge numbers; the keys here are the workspace's own file paths.

/// The hasher builder of every alias below (randomly seeded per map).
pub type FastHasher = foldhash::fast::RandomState;
pub type HashMap<K, V> = std::collections::HashMap<K, V, FastHasher>;
pub type HashSet<K> = std::collections::HashSet<K, FastHasher>;
pub type DashMap<K, V> = dashmap::DashMap<K, V, FastHasher>;

/// A text's fingerprint for cache validation within this process (a fixed seed: equal texts
/// hash alike across calls and threads). Not SipHash: a 1 MB script is hashed on every keystroke.
pub fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(text)
}

/// A path's fingerprint with a fixed seed, equal for equal paths (as [`PathKey`] compares them):
/// for tables that keep a path's hash instead of a copy of the path.
pub fn path_hash(path: &std::path::Path) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(PathKey::new(path))
}

/// A path's identity as two independent 64-bit fingerprints (equal for equal paths, as
/// [`PathKey`] compares them): a map key that costs 16 bytes instead of a copy of the path. Two
/// different paths share one only by a 128-bit collision (about 10⁻³⁰ for 20,000 paths).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PathId(u64, u64);

impl PathId {
    pub fn of(path: &std::path::Path) -> PathId {
        use std::hash::BuildHasher;
        let key = PathKey::new(path);
        PathId(path_hash(path), foldhash::quality::FixedState::with_seed(0x9e37_79b9_7f4a_7c15).hash_one(key))
    }
}

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// A path as a map key: equal exactly when the paths are (`Path` equality, component by
/// component), but hashed in one pass over its bytes. `Path`'s own `Hash` feeds the hasher one
/// component at a time after a byte-by-byte scan, which made hashing a fifth of `check`.
/// Look keys up with [`PathKey::new`]; own them as [`PathKeyBuf`] or `Arc<PathKey>`.
#[repr(transparent)]
#[derive(Debug)]
pub struct PathKey(Path);

/// An owned [`PathKey`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathKeyBuf(PathBuf);

impl Hash for PathKeyBuf {
    fn hash<H: Hasher>(&self, h: &mut H) {
        PathKey::new(&self.0).hash(h)
    }
}

impl PathKey {
    pub fn new(path: &Path) -> &PathKey {
        // SAFETY: `PathKey` is a `repr(transparent)` wrapper of `Path`.
        unsafe { &*(path as *const Path as *const PathKey) }
    }

    /// The key of a shared path, sharing it.
    pub fn from_arc(path: std::sync::Arc<Path>) -> std::sync::Arc<PathKey> {
        // SAFETY: as in `new`: same layout, and the pointer comes from `Arc::into_raw`.
        unsafe { std::sync::Arc::from_raw(std::sync::Arc::into_raw(path) as *const PathKey) }
    }

    pub fn as_path(&self) -> &Path {
        &self.0
    }
}

impl PartialEq for PathKey {
    fn eq(&self, other: &Self) -> bool {
        // Two plain spellings (see `is_plain`) are equal paths exactly when their bytes are: a
        // memcmp instead of `Path`'s comparison component by component from the end, which
        // costs about a thousand instructions for two different paths.
        let (a, b) = (self.0.as_os_str().as_encoded_bytes(), other.0.as_os_str().as_encoded_bytes());
        a == b || (!(cfg!(unix) && is_plain(a) && is_plain(b)) && self.0 == other.0)
    }
}

impl Eq for PathKey {}

impl Hash for PathKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let bytes = self.0.as_os_str().as_encoded_bytes();
        if cfg!(unix) && is_plain(bytes) {
            h.write(bytes);
            return;
        }
        // Another spelling of a plain path (`a//b`, `a/./b`, `a/`), or not Unix: the plain
        // spelling rebuilt from the components, so that equal paths hash alike.
        let plain: PathBuf = self.0.components().collect();
        let bytes = plain.as_os_str().as_encoded_bytes();
        if cfg!(unix) {
            h.write(bytes);
        } else {
            plain.hash(h);
        }
    }
}

/// `bytes` (a Unix path) is already the components joined by single `/`: no `//`, no `.`
/// component after the first, no trailing `/` (but `/` itself). Looks at eight bytes at a time
/// and closer only where one of them is a `/`.
fn is_plain(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const SLASHES: u64 = u64::from_ne_bytes([b'/'; 8]);
    let slash_ok = |at: usize| match bytes.get(at + 1) {
        Some(b'/') => false,
        Some(b'.') => !matches!(bytes.get(at + 2), None | Some(b'/')),
        None => at == 0,
        _ => true,
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ SLASHES;
        // A high bit in every byte that is `/` (and maybe in a few others, checked below).
        let mut candidates = x.wrapping_sub(ONES) & !x & HIGH;
        while candidates != 0 {
            let at = base + (candidates.trailing_zeros() / 8) as usize;
            if bytes[at] == b'/' && !slash_ok(at) {
                return false;
            }
            candidates &= candidates - 1;
        }
        base += 8;
    }
    chunks.remainder().iter().enumerate().all(|(i, &b)| b != b'/' || slash_ok(base + i))
}

impl Deref for PathKey {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl PathKeyBuf {
    pub fn into_path_buf(self) -> PathBuf {
        self.0
    }
}

impl From<PathBuf> for PathKeyBuf {
    fn from(path: PathBuf) -> Self {
        PathKeyBuf(path)
    }
}

impl From<&Path> for PathKeyBuf {
    fn from(path: &Path) -> Self {
        PathKeyBuf(path.to_path_buf())
    }
}

impl Borrow<PathKey> for PathKeyBuf {
    fn borrow(&self) -> &PathKey {
        PathKey::new(&self.0)
    }
}

impl Deref for PathKeyBuf {
    type Target = PathKey;
    fn deref(&self) -> &PathKey {
        PathKey::new(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash_of(p: &str) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        PathKey::new(Path::new(p)).hash(&mut h);
        h.finish()
    }

    #[test]
    fn equal_paths_hash_alike() {
        let spellings = [
            ("/ws/A.extension/b.yaml", "/ws//A.extension/./b.yaml"),
            ("/ws/A.extension", "/ws/A.extension/"),
            ("/ws/A.extension", "/ws/A.extension/."),
            ("a/b", "a/./b/"),
            ("./a", ".//a"),
            ("/", "//"),
        ];
        for (a, b) in spellings {
            assert_eq!(PathKey::new(Path::new(a)), PathKey::new(Path::new(b)), "{a} {b}");
            assert_eq!(hash_of(a), hash_of(b), "{a} {b}");
            assert_eq!(PathId::of(Path::new(a)), PathId::of(Path::new(b)), "{a} {b}");
        }
        assert_ne!(PathKey::new(Path::new("/a/b")), PathKey::new(Path::new("/a/c")));
        for (a, b) in [("./a", "a"), ("/a", "a"), ("/a/b", "/a/b/c"), ("/a/b//c", "/a/b/d"), ("a/..", "a")] {
            assert_ne!(PathKey::new(Path::new(a)), PathKey::new(Path::new(b)), "{a} {b}");
            assert_ne!(PathId::of(Path::new(a)), PathId::of(Path::new(b)), "{a} {b}");
        }
        assert!(is_plain(b"/ws/A.extension/b.yaml") && is_plain(b"/") && is_plain(b"./a") && is_plain(b"a/../b"));
        assert!(!is_plain(b"/a/") && !is_plain(b"/a/.") && !is_plain(b"a//b") && !is_plain(b"a/./b"));
        // Every position in and across the eight-byte chunks.
        for n in 1..20 {
            let base = "x".repeat(n);
            for odd in ["//", "/./", "/"] {
                let p = format!("/{base}{odd}");
                assert!(!is_plain(p.as_bytes()), "{p}");
                let q = format!("/{base}{odd}y");
                assert_eq!(is_plain(q.as_bytes()), odd == "/", "{q}");
            }
            let ok = format!("/{base}/.y/..{base}/z.");
            assert!(is_plain(ok.as_bytes()), "{ok}");
        }
        // Against the rule itself, for short paths made of `/`, `.` and `x` (across the chunks).
        let plain_by_components = |p: &str| {
            let path = Path::new(p);
            let rebuilt: PathBuf = path.components().collect();
            rebuilt.as_os_str() == path.as_os_str()
        };
        let mut paths = vec![String::new()];
        for _ in 0..13 {
            let longer: Vec<String> = paths
                .iter()
                .rev()
                .take(3usize.pow(8))
                .flat_map(|p| ["/", ".", "x"].map(|c| format!("{p}{c}")))
                .collect();
            for p in &longer {
                assert_eq!(is_plain(p.as_bytes()), plain_by_components(p), "{p:?}");
            }
            paths = longer;
        }
        let mut map: HashMap<PathKeyBuf, u32> = HashMap::default();
        map.insert(PathBuf::from("/ws/x/").into(), 1);
        assert_eq!(map.get(PathKey::new(Path::new("/ws/x"))), Some(&1));
    }
}
