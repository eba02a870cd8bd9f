//! The `pyrevit.newHook` command: `[extensionRootPathOrUri, eventName, language]` → the edit that
//! creates `<extension>/hooks/<event>.<ext>` with a minimal body.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{hook_body, nearest_event, HookLanguage};
use crate::analysis::commands::path_arg;
use crate::analysis::{FileEdit, FileOp, Fix, Snapshot, TextEdit};
use crate::base::TextRange;
use crate::knowledge::files;
use crate::knowledge::hooks::hook_event;

/// `language` is `python` (default), `csharp` or `vb`. `eventName` may carry a target:
/// `command-before-exec[ID_INPLACE_COMPONENT]`.
pub fn new_hook(snap: &Snapshot, args: &[Value]) -> Result<Fix, String> {
    let usage = "usage: pyrevit.newHook [extensionRootPathOrUri, eventName, language (python|csharp|vb)]";
    let root = args.first().and_then(Value::as_str).ok_or_else(|| format!("missing extension path; {usage}"))?;
    let event_arg = args.get(1).and_then(Value::as_str).ok_or_else(|| format!("missing event name; {usage}"))?;
    let lang = match args.get(2).and_then(Value::as_str) {
        None => HookLanguage::Python,
        Some(l) => HookLanguage::from_name(l).ok_or_else(|| format!("unknown language `{l}`; {usage}"))?,
    };
    let root = path_arg(root).ok_or_else(|| format!("`{root}` is not a file path or file:// URI"))?;
    let (event_name, target) = split_target(event_arg.trim())?;
    let event = hook_event(event_name).ok_or_else(|| {
        let hint = nearest_event([event_name]).map(|e| format!("; did you mean `{}`?", e.name)).unwrap_or_default();
        format!("`{event_name}` is not a pyRevit hook event{hint}")
    })?;
    if target.is_some() && !event.takes_target {
        return Err(format!("`{}` does not take a `[TARGET]`", event.name));
    }
    let hooks_dir = hooks_dir(snap, &root)?;
    let file = hooks_dir.join(format!(
        "{}{}{}",
        event.name,
        target.map(|t| format!("[{t}]")).unwrap_or_default(),
        lang.extension()
    ));
    let exists = snap.files.is_file(&file) || snap.index.extensions.iter().any(|e| e.hook_files.contains(&file));
    if exists {
        return Err(format!("{} already exists", file.display()));
    }
    Ok(Fix {
        title: format!("Create hooks/{}", file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()),
        edits: vec![FileEdit {
            path: file.clone(),
            edits: vec![TextEdit { range: TextRange::empty(0), new_text: hook_body(event, lang, target.is_some()) }],
        }],
        file_ops: vec![FileOp::Create { path: file }],
    })
}

/// `name[TARGET]` → (`name`, Some(`TARGET`)); the target must fit the loaders' `[A-Z _]+`.
fn split_target(arg: &str) -> Result<(&str, Option<&str>), String> {
    let Some(open) = arg.find('[') else { return Ok((arg, None)) };
    let target = arg[open + 1..].strip_suffix(']').ok_or_else(|| format!("`{arg}`: unclosed `[`"))?;
    if target.is_empty() {
        return Ok((&arg[..open], None));
    }
    if !target.bytes().all(|b| b.is_ascii_uppercase() || b == b'_' || b == b' ') {
        return Err(format!("target `{target}`: pyRevit reads only uppercase letters, `_` and spaces"));
    }
    Ok((&arg[..open], Some(target)))
}

/// The `hooks/` folder of the extension at (or around) `root`.
fn hooks_dir(snap: &Snapshot, root: &Path) -> Result<PathBuf, String> {
    if let Some((ext, _)) = snap.index.owner_of(root) {
        let ext = snap.index.extension(ext);
        return Ok(ext.hooks_dir.clone().unwrap_or_else(|| ext.root.join(files::HOOKS_DIR)));
    }
    if crate::index::find_enclosing_extension_with(root, &*snap.files).as_deref() == Some(root) {
        return Ok(root.join(files::HOOKS_DIR));
    }
    Err(format!("{} is not a pyRevit extension folder", root.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_targets() {
        assert_eq!(split_target("command-exec[ID_X]"), Ok(("command-exec", Some("ID_X"))));
        assert_eq!(split_target("doc-opened"), Ok(("doc-opened", None)));
        assert_eq!(split_target("view-activated[]"), Ok(("view-activated", None)));
        assert!(split_target("command-exec[ID_2]").is_err());
        assert!(split_target("command-exec[ID").is_err());
    }
}
