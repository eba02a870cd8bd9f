//! Command arguments that name files.

use std::path::PathBuf;

/// A plain path, or a `file://` URI (percent-decoded; `file:///C:/x` → `C:/x`).
pub(crate) fn path_arg(s: &str) -> Option<PathBuf> {
    let Some(rest) = s.strip_prefix("file://") else {
        return (!s.is_empty() && !s.contains("://")).then(|| PathBuf::from(s));
    };
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    // `/C:/x` on Windows.
    let windows = decoded.len() > 2 && decoded.as_bytes()[2] == b':' && decoded.starts_with('/');
    Some(PathBuf::from(if windows { &decoded[1..] } else { &decoded[..] }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_uris() {
        assert_eq!(path_arg("file:///a/My%20Ext.extension"), Some(PathBuf::from("/a/My Ext.extension")));
        assert_eq!(path_arg("file:///C:/x"), Some(PathBuf::from("C:/x")));
        assert_eq!(path_arg("/plain/p"), Some(PathBuf::from("/plain/p")));
        assert_eq!(path_arg("https://x"), None);
        assert_eq!(path_arg("file:///%FF%FE"), None);
        assert_eq!(path_arg("file:///bad%2"), Some(PathBuf::from("/bad%2")));
    }
}
