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
/// component after the first (`/./`, or `/.` at the end), no trailing `/` (but `/` itself).
/// Looks for `//` and `/./` in overlapping eight-byte windows, six bytes apart, with
/// word-wide byte comparisons (every pattern starting in a window's first six bytes lies
/// within it).
fn is_plain(bytes: &[u8]) -> bool {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // The high bit of every byte of `w` equal to `b` (exact: no borrow between bytes).
    let equal = |w: u64, b: u8| {
        let t = w ^ u64::from_ne_bytes([b; 8]);
        !(((t & LOW7) + LOW7) | t) & HIGH
    };
    let n = bytes.len();
    let mut at = 0;
    while at + 8 <= n {
        let w = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
        let (slash, dot) = (equal(w, b'/'), equal(w, b'.'));
        // Byte j is `/` and j + 1 is `/`, or j is `/`, j + 1 is `.` and j + 2 is `/`; only
        // j < 6 counts here (later ones are seen whole by the next window).
        let bad = (slash & (slash >> 8)) | (slash & (dot >> 8) & (slash >> 16));
        if bad & 0x0000_8080_8080_8080 != 0 {
            return false;
        }
        at += 6;
    }
    // The last bytes (fewer than eight from `at` on; patterns may start there).
    let tail = &bytes[at.min(n)..];
    let slash_ok = |i: usize| match tail.get(i + 1) {
        Some(b'/') => false,
        Some(b'.') => !matches!(tail.get(i + 2), Some(b'/')),
        _ => true,
    };
    if !tail.iter().enumerate().all(|(i, &b)| b != b'/' || slash_ok(i)) {
        return false;
    }
    // A trailing `/` (but `/` itself) or `/.` at the end.
    !matches!(bytes, [_, .., b'/'] | [.., b'/', b'.'])
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
        }
        assert_ne!(PathKey::new(Path::new("/a/b")), PathKey::new(Path::new("/a/c")));
        for (a, b) in [("./a", "a"), ("/a", "a"), ("/a/b", "/a/b/c"), ("/a/b//c", "/a/b/d"), ("a/..", "a")] {
            assert_ne!(PathKey::new(Path::new(a)), PathKey::new(Path::new(b)), "{a} {b}");
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
        // Against the rule itself, for every path of up to 13 bytes made of `/`, `.` and `x`.
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
