//! File URIs ↔ paths, for Unix and Windows path styles, and the URIs clients used for open documents.
//!
//! - `file:///c%3A/Users/x` (VS Code), `file:///C:/Users/x` (Neovim, Helix) and `file:///c:/Users/x`
//!   all become `C:\Users\x` on Windows: one path per file whatever the client sent, so open
//!   documents, the index and watcher events agree. `file://server/share/x` is `\\server\share\x`.
//! - A path becomes `file:///C:/Users/x`, except for a document the client opened: that one is
//!   answered under the exact URI string the client used (VS Code and Neovim match URIs as strings).
//! - No `\\?\` prefix ever reaches a URI (`dunce`). Path comparisons ignore case on Windows.
//!
//! The conversions are pure functions over a [`Style`] so both platforms are tested everywhere.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, RwLock};

use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};
use tower_lsp_server::ls_types::Uri;

/// Path conventions: separators, drive letters, case sensitivity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Unix,
    Windows,
}

impl Style {
    pub const HOST: Style = if cfg!(windows) { Style::Windows } else { Style::Unix };
}

/// Bytes kept as they are in a URI path (RFC 3986 unreserved, and `/`).
const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');

/// The path of a `file:` URI; `None` for other schemes and URIs without a path.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    path_of(uri, Style::HOST).map(PathBuf::from)
}

/// The URI to send for `path`: the client's own URI when it opened that document.
pub fn from_path(path: &Path) -> Option<Uri> {
    let key = key(path, Style::HOST);
    if let Some(uri) = open_uris().get(&key) {
        return Some(uri.clone());
    }
    let path = dunce::simplified(path);
    uri_of(&path.to_string_lossy(), Style::HOST)?.parse().ok()
}

/// Remembers the URI a client opened `path` under (didOpen).
pub fn remember(path: &Path, uri: &Uri) {
    OPEN.write().unwrap_or_else(|e| e.into_inner()).insert(key(path, Style::HOST), uri.clone());
}

/// Forgets it (didClose).
pub fn forget(path: &Path) {
    OPEN.write().unwrap_or_else(|e| e.into_inner()).remove(&key(path, Style::HOST));
}

/// `path` is `folder` or lies below it; case-insensitive on Windows.
pub fn is_within(path: &Path, folder: &Path) -> bool {
    within(&path.to_string_lossy(), &folder.to_string_lossy(), Style::HOST)
}

/// Both name the same file; case-insensitive on Windows.
pub fn same_path(a: &Path, b: &Path) -> bool {
    key(a, Style::HOST) == key(b, Style::HOST)
}

static OPEN: LazyLock<RwLock<HashMap<String, Uri>>> = LazyLock::new(Default::default);

fn open_uris() -> std::sync::RwLockReadGuard<'static, HashMap<String, Uri>> {
    OPEN.read().unwrap_or_else(|e| e.into_inner())
}

fn path_of(uri: &Uri, style: Style) -> Option<String> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let host =
        uri.authority().map(|a| a.host().to_string()).filter(|h| !h.is_empty() && !h.eq_ignore_ascii_case("localhost"));
    let decoded = uri.path().decode().to_string_lossy().into_owned();
    if decoded.is_empty() {
        return None;
    }
    match style {
        Style::Unix => host.is_none().then_some(decoded),
        Style::Windows => {
            let slashed = match host {
                Some(host) => format!("//{host}{decoded}"),
                None => {
                    let rest = decoded.strip_prefix('/').unwrap_or(&decoded);
                    if !has_drive(rest) {
                        return None;
                    }
                    let (drive, tail) = rest.split_at(2);
                    let tail = if tail.is_empty() { "/" } else { tail };
                    format!("{}{tail}", drive.to_ascii_uppercase())
                }
            };
            Some(slashed.replace('/', "\\"))
        }
    }
}

fn uri_of(path: &str, style: Style) -> Option<String> {
    match style {
        Style::Unix => path.starts_with('/').then(|| format!("file://{}", percent_encode(path.as_bytes(), KEEP))),
        Style::Windows => {
            let slashed = path.replace('\\', "/");
            if let Some(unc) = slashed.strip_prefix("//") {
                let (host, rest) = unc.split_once('/')?;
                return Some(format!("file://{host}/{}", percent_encode(rest.as_bytes(), KEEP)));
            }
            if !has_drive(&slashed) {
                return None;
            }
            let (drive, tail) = slashed.split_at(2);
            let tail = if tail.is_empty() { "/" } else { tail };
            Some(format!("file:///{}{}", drive.to_ascii_uppercase(), percent_encode(tail.as_bytes(), KEEP)))
        }
    }
}

fn has_drive(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b.len() == 2 || b[2] == b'/' || b[2] == b'\\')
}

/// A comparison key: on Windows `/` and `\` are one separator and case does not matter.
fn key(path: &Path, style: Style) -> String {
    norm(&dunce::simplified(path).to_string_lossy(), style)
}

fn norm(path: &str, style: Style) -> String {
    match style {
        Style::Unix => path.to_string(),
        Style::Windows => path.replace('/', "\\").to_lowercase(),
    }
}

fn within(path: &str, folder: &str, style: Style) -> bool {
    let (path, folder) = (norm(path, style), norm(folder, style));
    let sep = if style == Style::Windows { '\\' } else { '/' };
    let folder = folder.trim_end_matches(sep);
    match path.strip_prefix(folder) {
        Some(rest) => rest.is_empty() || rest.starts_with(sep),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn win(uri: &str) -> Option<String> {
        path_of(&uri.parse().unwrap(), Style::Windows)
    }

    fn unix(uri: &str) -> Option<String> {
        path_of(&uri.parse().unwrap(), Style::Unix)
    }

    #[test]
    fn windows_editors_uris_name_one_path() {
        let want = Some(r"C:\Users\me\My Tools.extension\lib\util.py".to_string());
        assert_eq!(win("file:///c%3A/Users/me/My%20Tools.extension/lib/util.py"), want, "VS Code");
        assert_eq!(win("file:///C:/Users/me/My%20Tools.extension/lib/util.py"), want, "Neovim, Helix");
        assert_eq!(win("file:///c:/Users/me/My%20Tools.extension/lib/util.py"), want);
        assert_eq!(win("file://localhost/C:/Users/me/My%20Tools.extension/lib/util.py"), want);
        assert_eq!(win("file:///z%3A"), Some(r"Z:\".into()));
    }

    #[test]
    fn windows_unc_and_non_ascii() {
        assert_eq!(win("file://server/share/a%20b/x.yaml"), Some(r"\\server\share\a b\x.yaml".into()));
        assert_eq!(win("file:///C:/%C3%89quipe/%E6%96%87%E4%BB%B6.py"), Some(r"C:\Équipe\文件.py".into()));
        assert_eq!(uri_of(r"\\server\share\a b\x.yaml", Style::Windows).unwrap(), "file://server/share/a%20b/x.yaml");
    }

    #[test]
    fn not_a_file_path() {
        assert_eq!(win("untitled:Untitled-1"), None);
        assert_eq!(unix("untitled:Untitled-1"), None);
        assert_eq!(win("file:///no/drive"), None, "a Unix path is not a Windows path");
        assert_eq!(unix("file://server/share/x"), None);
    }

    #[test]
    fn unix_round_trip() {
        for p in ["/home/me/My Tools.extension/bundle.yaml", "/tmp/Équipe/文件.py", "/a/[x]%y:z.py"] {
            let uri = uri_of(p, Style::Unix).unwrap();
            assert_eq!(unix(&uri).as_deref(), Some(p), "{uri}");
        }
        assert_eq!(uri_of("/tmp/a b/c.py", Style::Unix).unwrap(), "file:///tmp/a%20b/c.py");
        assert_eq!(uri_of("relative/c.py", Style::Unix), None);
    }

    #[test]
    fn windows_round_trip() {
        assert_eq!(uri_of(r"c:\Users\me\A b\É.py", Style::Windows).unwrap(), "file:///C:/Users/me/A%20b/%C3%89.py");
        for p in [r"C:\Users\me\A b\É.py", r"Z:\", r"D:\very\deep\bundle.yaml"] {
            let uri = uri_of(p, Style::Windows).unwrap();
            assert_eq!(win(&uri).as_deref(), Some(p), "{uri}");
        }
        assert_eq!(uri_of(r"relative\c.py", Style::Windows), None);
    }

    #[test]
    fn containment_ignores_case_on_windows_only() {
        assert!(within(r"C:\Users\Me\Ext.extension\Lib\a.py", r"c:\users\me", Style::Windows));
        assert!(within(r"C:\Users\Me", r"c:/users/me/", Style::Windows));
        assert!(!within(r"C:\Users\Meg\a.py", r"C:\Users\Me", Style::Windows), "component boundary");
        assert!(within("/home/me/x.py", "/home/me", Style::Unix));
        assert!(!within("/home/Me/x.py", "/home/me", Style::Unix));
        assert!(!within("/home/meg/x.py", "/home/me", Style::Unix));
    }

    #[test]
    fn verbatim_prefix_never_reaches_a_uri() {
        assert_eq!(key(Path::new(r"C:\A\b.py"), Style::Windows), key(Path::new("c:/a/B.py"), Style::Windows));
        // dunce only rewrites `\\?\` on Windows; there the host conversion sees the plain path.
        if cfg!(windows) {
            let uri = from_path(Path::new(r"\\?\C:\Users\x.py")).unwrap();
            assert_eq!(uri.as_str(), "file:///C:/Users/x.py");
        }
    }

    #[test]
    fn open_documents_keep_the_client_uri() {
        let (path, client, plain) = if cfg!(windows) {
            (
                r"C:\pyrevit-ls-uri-test\Ext.extension\bundle.yaml",
                "file:///c%3A/pyrevit-ls-uri-test/Ext.extension/bundle.yaml",
                "file:///C:/pyrevit-ls-uri-test/Ext.extension/bundle.yaml",
            )
        } else {
            (
                "/tmp/pyrevit-ls-uri-test/Ext.extension/bundle.yaml",
                "file:///tmp/pyrevit-ls-uri-test/Ext%2Eextension/bundle.yaml",
                "file:///tmp/pyrevit-ls-uri-test/Ext.extension/bundle.yaml",
            )
        };
        let (path, client) = (Path::new(path), client.parse::<Uri>().unwrap());
        assert_eq!(to_path(&client).as_deref(), Some(path));
        remember(path, &client);
        assert_eq!(from_path(path).unwrap().as_str(), client.as_str());
        forget(path);
        assert_eq!(from_path(path).unwrap().as_str(), plain);
    }
}
