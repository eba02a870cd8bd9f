//! Metadata editing features (analysis level): completion lists at many cursor positions,
//! hover, document / workspace symbols and assists, as compact insta snapshots.

use pyrevit_ls::analysis::{assists, completion, hover, symbols, FileOp};
use pyrevit_ls::base::TextRange;

use crate::support::{line_col, Workspace};

const B: &str = "X.extension/T.tab/P.panel/Tool.pushbutton";

/// `label | detail | range | new text | sort` for the first `n` items, plus the total count.
fn complete(fixture: &str, n: usize) -> String {
    let ws = Workspace::new(fixture);
    let snap = ws.snapshot();
    let (path, offset) = ws.at();
    let text = std::fs::read_to_string(&path).unwrap();
    let items = completion::completions(&snap, &path, offset);
    let mut out = format!("{} items\n", items.len());
    for it in items.iter().take(n) {
        let r = it.edit.range;
        out.push_str(&format!(
            "{} | {} | {}-{} | {:?}{} | {}\n",
            it.label,
            it.detail.as_deref().unwrap_or(""),
            line_col(&text, r.start as usize),
            line_col(&text, r.end as usize),
            it.edit.new_text,
            if it.snippet { " (snippet)" } else { "" },
            it.sort_text.as_deref().unwrap_or(""),
        ));
        assert!(it.documentation.as_deref().is_some_and(|d| !d.is_empty()), "{} has docs", it.label);
    }
    out
}

/// [`complete`] for each named case, its text wrapped into a workspace by `wrap`.
fn complete_cases(cases: &[(&str, &str)], wrap: impl Fn(&str) -> String, n: usize) -> String {
    cases.iter().map(|(name, text)| format!("## {name}\n{}", complete(&wrap(text), n))).collect()
}

fn labels(fixture: &str) -> Vec<String> {
    let ws = Workspace::new(fixture);
    let (path, offset) = ws.at();
    completion::completions(&ws.snapshot(), &path, offset).into_iter().map(|i| i.label).collect()
}

fn in_bundle(kind_dir: &str, yaml: &str) -> String {
    format!("//- {kind_dir}/bundle.yaml\n{yaml}//- {kind_dir}/script.py\nprint(1)\n")
}

#[test]
fn top_level_keys_for_a_pushbutton() {
    insta::assert_snapshot!(complete(&in_bundle(B, "tooltip: Hi\ntit$0\n"), 8));
}

#[test]
fn present_keys_are_not_offered_again() {
    let l = labels(&in_bundle(B, "title: Hi\ntooltip: x\nauthor: me\n$0\n"));
    assert!(!l.contains(&"title".into()) && !l.contains(&"tooltip".into()) && !l.contains(&"author".into()));
    assert!(l.contains(&"context".into()) && l.contains(&"engine".into()));
    assert!(!l.contains(&"hyperlink".into()) && !l.contains(&"collapsed".into()) && !l.contains(&"layout".into()));
    // An alias counts as the key.
    let l = labels(&in_bundle(B, "titles: Hi\n$0\n"));
    assert!(!l.contains(&"title".into()));
}

#[test]
fn keys_follow_the_bundle_type() {
    let url = labels("//- X.extension/T.tab/P.panel/Go.urlbutton/bundle.yaml\n$0\n");
    assert_eq!(url.first().map(String::as_str), Some("hyperlink"), "required key first");
    let panel =
        labels("//- X.extension/T.tab/P.panel/bundle.yaml\n$0\n//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n");
    assert!(
        panel.contains(&"collapsed".into()) && panel.contains(&"background".into()) && panel.contains(&"layout".into())
    );
    assert!(!panel.contains(&"context".into()));
    let root = labels("//- X.extension/bundle.yaml\n$0\n//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n");
    assert!(root.contains(&"layout".into()) && root.contains(&"templates".into()));
    assert!(!root.contains(&"title".into()));
    insta::assert_snapshot!(
        "root_bundle_keys",
        complete(
            "//- X.extension/bundle.yaml\nauthor: a\n$0\n//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n",
            20
        )
    );
}

#[test]
fn map_keys_insert_an_indented_line() {
    insta::assert_snapshot!(complete(&in_bundle(B, "title: x\nengi$0\n"), 3));
}

#[test]
fn engine_background_and_member_sub_keys() {
    insta::assert_snapshot!("engine_sub_keys", complete(&in_bundle(B, "engine:\n  clean: true\n  $0\n"), 20));
    insta::assert_snapshot!(
        "background_sub_keys",
        complete("//- X.extension/T.tab/P.panel/bundle.yaml\nbackground:\n  pa$0\n//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n", 5)
    );
    insta::assert_snapshot!(
        "member_keys",
        complete("//- X.extension/T.tab/P.panel/C.combobox/bundle.yaml\nmembers:\n  - id: a\n    te$0\n", 10)
    );
}

#[test]
fn locale_keys_under_title() {
    insta::assert_snapshot!("locales_block", complete(&in_bundle(B, "title:\n  en_us: Hi\n  en_$0\n"), 6));
    insta::assert_snapshot!("locales_flow", complete(&in_bundle(B, "tooltip: {fr_fr: Salut, $0}\n"), 4));
    assert_eq!(labels(&in_bundle(B, "title:\n  en_$0\n"))[..2], ["en_us", "en_gb"]);
    assert_eq!(labels(&in_bundle(B, "tit$0"))[0], "title", "half-typed last line without newline");
    let l = labels(&in_bundle(B, "help_url:\n  $0\n"));
    assert!(l.contains(&"en_us".into()) && l.contains(&"french".into()) && l.len() == 22 + 21);
}

#[test]
fn boolean_highlight_and_version_values() {
    insta::assert_snapshot!("bool_values", complete(&in_bundle(B, "is_beta: $0\n"), 5));
    insta::assert_snapshot!("engine_bool", complete(&in_bundle(B, "engine:\n  persistent: t$0\n"), 5));
    insta::assert_snapshot!("highlight_values", complete(&in_bundle(B, "highlight: 'u$0'\n"), 5));
    insta::assert_snapshot!("versions", complete(&in_bundle(B, "min_revit_version: 20$0\n"), 4));
}

#[test]
fn context_string_form_and_after_operators() {
    insta::assert_snapshot!("context_empty", complete(&in_bundle(B, "context: $0\n"), 4));
    insta::assert_snapshot!("context_after_operator", complete(&in_bundle(B, "context: (selection&OST_Wa$0)\n"), 6));
    insta::assert_snapshot!("context_quoted", complete(&in_bundle(B, "context: \"doc-project | act$0\"\n"), 4));
    // One letter: keywords only, no thousand categories.
    let l = labels(&in_bundle(B, "context: s$0\n"));
    assert_eq!(l.len(), 21);
    let l = labels(&in_bundle(B, "context: ost$0\n"));
    assert!(l.len() > 1000, "{}", l.len());
}

#[test]
fn context_list_and_map_forms() {
    insta::assert_snapshot!("context_list", complete(&in_bundle(B, "context:\n  - sel$0\n"), 3));
    insta::assert_snapshot!("context_flow_list", complete(&in_bundle(B, "context: [selection, doc-$0]\n"), 5));
    insta::assert_snapshot!("context_map_keys", complete(&in_bundle(B, "context:\n  any: [a]\n  $0\n"), 10));
    insta::assert_snapshot!(
        "context_map_values",
        complete(&in_bundle(B, "context:\n  not_any:\n    - OST_Door$0\n"), 4)
    );
    insta::assert_snapshot!("context_flow_map", complete(&in_bundle(B, "context: {all: [selection, act$0]}\n"), 3));
}

fn layout_ws(yaml: &str) -> String {
    format!(
        "//- X.extension/T.tab/P.panel/bundle.yaml\n{yaml}\
         //- X.extension/T.tab/P.panel/Alpha.pushbutton/script.py\n\
         //- X.extension/T.tab/P.panel/Beta.pulldown/A.pushbutton/script.py\n\
         //- X.extension/T.tab/P.panel/Gamma.stack/A.pushbutton/script.py\n\
         //- X.extension/T.tab/P.panel/Gamma.stack/B.pushbutton/script.py\n"
    )
}

#[test]
fn layout_entries_separators_and_directives() {
    insta::assert_snapshot!("layout_names", complete(&layout_ws("layout:\n  - Alpha\n  - $0\n"), 10));
    insta::assert_snapshot!("layout_directives", complete(&layout_ws("layout:\n  - Beta[$0\n"), 10));
    insta::assert_snapshot!("layout_directive_target", complete(&layout_ws("layout:\n  - Beta[before:$0]\n"), 10));
    insta::assert_snapshot!("layout_flow", complete(&layout_ws("layout: [Alpha, $0]\n"), 10));
    let root = labels(
        "//- X.extension/bundle.yaml\nlayout:\n  - $0\n//- X.extension/Main.tab/P.panel/A.pushbutton/script.py\n",
    );
    assert_eq!(root[0], "Main");
}

#[test]
fn manifest_keys_and_values() {
    let ext = "//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n//- Other.extension/T.tab/P.panel/A.pushbutton/script.py\n";
    insta::assert_snapshot!(
        "json_key_unquoted",
        complete(&format!("//- X.extension/extension.json\n{{\n  \"name\": \"x\",\n  $0\n}}\n{ext}"), 4)
    );
    insta::assert_snapshot!(
        "json_key_quoted",
        complete(&format!("//- X.extension/extension.json\n{{\"na$0\"}}\n{ext}"), 3)
    );
    insta::assert_snapshot!(
        "json_type_value",
        complete(&format!("//- X.extension/extension.json\n{{\"type\": \"$0\"}}\n{ext}"), 3)
    );
    insta::assert_snapshot!(
        "json_bool_value",
        complete(&format!("//- X.extension/extension.json\n{{\"builtin\": $0}}\n{ext}"), 3)
    );
    insta::assert_snapshot!(
        "json_dependencies",
        complete(&format!("//- X.extension/extension.json\n{{\"dependencies\": [\"$0\"]}}\n{ext}"), 3)
    );
    insta::assert_snapshot!(
        "yaml_manifest",
        complete(&format!("//- X.extension/extension.yaml\nname: x\ntype: $0\n{ext}"), 3)
    );
}

#[test]
fn broken_lines_and_templates() {
    // A half-typed line in the middle of a broken file still completes.
    insta::assert_snapshot!("broken_middle", complete(&in_bundle(B, "title: [unclosed\nhigh$0\ntooltip: 'x\n"), 3));
    assert!(labels(&in_bundle(B, "tooltip: \"by {{au$0\"\n")).is_empty(), "templates helper owns {{");
    assert!(labels(&in_bundle(B, "# a comment$0\n")).is_empty());
    assert!(labels(&in_bundle(B, "tooltip: |\n  some te$0\n")).is_empty());
    assert!(labels("//- X.extension/T.tab/P.panel/A.pushbutton/script.py\npri$0\n").is_empty());
}

fn hover_at(fixture: &str) -> String {
    let ws = Workspace::new(fixture);
    let (path, offset) = ws.at();
    let text = std::fs::read_to_string(&path).unwrap();
    match hover::hover(&ws.snapshot(), &path, offset) {
        Some(h) => {
            let r =
                h.range.map(|r| format!("{}-{}", line_col(&text, r.start as usize), line_col(&text, r.end as usize)));
            format!("range: {}\n{}", r.unwrap_or_default(), h.markdown)
        }
        None => "(none)".into(),
    }
}

#[test]
fn hovers() {
    insta::assert_snapshot!("hover_key", hover_at(&in_bundle(B, "cont$0ext: selection\n")));
    insta::assert_snapshot!("hover_title_table", hover_at(&in_bundle(B, "ti$0tle:\n  en_us: Make\n  fr_fr: Faire\n")));
    insta::assert_snapshot!("hover_title_default", hover_at(&in_bundle(B, "$0title:\n")));
    insta::assert_snapshot!("hover_locale", hover_at(&in_bundle(B, "title:\n  fa$0: x\n")));
    insta::assert_snapshot!("hover_locale_alias", hover_at(&in_bundle(B, "title:\n  chin$0ese: x\n")));
    insta::assert_snapshot!("hover_locale_unknown", hover_at(&in_bundle(B, "title:\n  fr$0: x\n")));
    insta::assert_snapshot!(
        "hover_context_keyword",
        hover_at(&in_bundle(B, "context: (selection&active-3d$0-view)\n"))
    );
    insta::assert_snapshot!("hover_context_category", hover_at(&in_bundle(B, "context:\n  any: [ost_walls$0]\n")));
    insta::assert_snapshot!("hover_context_custom", hover_at(&in_bundle(B, "context:\n  - Wal$0ls\n")));
    insta::assert_snapshot!("hover_highlight", hover_at(&in_bundle(B, "highlight: ne$0w\n")));
    insta::assert_snapshot!("hover_engine_value", hover_at(&in_bundle(B, "engine:\n  mainthread: Tr$0ue\n")));
    insta::assert_snapshot!("hover_unknown_key", hover_at(&in_bundle(B, "med$0ia: x\n")));
    insta::assert_snapshot!("hover_manifest", hover_at("//- X.extension/extension.json\n{\"authu$0sers\": [], \"type\": \"lib\"}\n//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n"));
    insta::assert_snapshot!("hover_manifest_type", hover_at("//- X.extension/extension.json\n{\"type\": \"li$0b\"}\n//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n"));
    insta::assert_snapshot!("hover_layout_item", hover_at(&layout_ws("layout:\n  - Gam$0ma\n")));
    assert_eq!(hover_at(&in_bundle(B, "title: x\n\n$0\n")), "(none)");
}

#[test]
fn document_symbols_tree() {
    let ws = Workspace::new(&in_bundle(
        B,
        "title:\n  en_us: Hi\n  de_de: Hallo\ncontext: [selection, OST_Walls]\nengine:\n  clean: true\n",
    ));
    let path = ws.path(&format!("{B}/bundle.yaml"));
    let syms = symbols::document_symbols(&ws.snapshot(), &path);
    insta::assert_yaml_snapshot!(syms);
}

#[test]
fn workspace_symbols_by_name_and_title() {
    let ws = Workspace::new(
        "//- X.extension/Tools.tab/Views.panel/Renumber.pushbutton/bundle.yaml\ntitle:\n  en_us: Renumber Views\n  fr_fr: Renuméroter\n\
         //- X.extension/Tools.tab/Views.panel/Renumber.pushbutton/script.py\n\
         //- X.extension/Tools.tab/Views.panel/Align.pushbutton/script.py\n\
         //- X.extension/Tools.tab/Sheets.panel/Other.pushbutton/\n",
    );
    let snap = ws.snapshot();
    let render = |q: &str| {
        symbols::workspace_symbols(&snap, q)
            .into_iter()
            .map(|s| format!("{} | {} | {}", s.name, s.container.unwrap_or_default(), ws.rel(&s.location.path)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    insta::assert_snapshot!(
        "ws_symbols",
        format!(
            "[rnm]\n{}\n[renumérot]\n{}\n[align]\n{}\n[views]\n{}",
            render("rnm"),
            render("renumérot"),
            render("align"),
            render("views")
        )
    );
}

fn render_fix(ws: &Workspace, fixes: &[pyrevit_ls::analysis::Fix]) -> String {
    let mut out = String::new();
    for f in fixes {
        out.push_str(&format!("# {}\n", f.title));
        for op in &f.file_ops {
            if let FileOp::Create { path } = op {
                out.push_str(&format!("create {}\n", ws.rel(path)));
            }
        }
        for e in &f.edits {
            for t in &e.edits {
                out.push_str(&format!("edit {} @{:?}:\n{}", ws.rel(&e.path), t.range, t.new_text));
            }
        }
    }
    out
}

#[test]
fn convert_extension_json_to_yaml() {
    let json = r#"{
  "type": "extension", "name": "My Ext", "builtin": "false", "rocket_mode_compatible": true,
  "authusers": ["jane", "2020"], "dependencies": [],
  "templates": {"author": "Jane \"J\" Doe", "docpath": "https://example.com/#x", "multi": "a\nb"},
  "nested": {"deep": [{"k": 1}, ["a", "b"]]}
}"#;
    let ws = Workspace::new(&format!(
        "//- X.extension/extension.json\n{json}\n//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n"
    ));
    let path = ws.path("X.extension/extension.json");
    let fixes = assists::assists(&ws.snapshot(), &path, TextRange::empty(0));
    insta::assert_snapshot!(render_fix(&ws, &fixes));
    // Not offered when an extension.yaml exists.
    let ws = Workspace::new("//- X.extension/extension.json\n{\"name\": \"x\"}\n//- X.extension/extension.yaml\nname: x\n//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n");
    assert!(assists::assists(&ws.snapshot(), &ws.path("X.extension/extension.json"), TextRange::empty(0)).is_empty());
}

#[test]
fn add_bundle_yaml_from_script_metadata() {
    let script = "# -*- coding: utf-8 -*-\n\"\"\"Renumber views in click order.\n\nShift+click: options.\"\"\"\n__title__ = 'Re-\\nnumber'\n__author__ = 'Jane'\n__context__ = ['selection', 'OST_Views']\n__min_revit_ver__ = 2021\n__highlight__ = 'new'\n__fullframeengine__ = True\nimport os\n";
    let ws = Workspace::new(&format!("//- {B}/script.py\n{script}"));
    let path = ws.path(&format!("{B}/script.py"));
    let fixes = assists::assists(&ws.snapshot(), &path, TextRange::empty(0));
    insta::assert_snapshot!(render_fix(&ws, &fixes));
    // Not offered when a bundle.yaml exists, nor in a lib module.
    let ws = Workspace::new(&format!(
        "//- {B}/script.py\n{script}//- {B}/bundle.yaml\ntitle: x\n//- X.extension/lib/m.py\nx = 1\n"
    ));
    let snap = ws.snapshot();
    assert!(assists::assists(&snap, &ws.path(&format!("{B}/script.py")), TextRange::empty(0)).is_empty());
    assert!(assists::assists(&snap, &ws.path("X.extension/lib/m.py"), TextRange::empty(0)).is_empty());
}

/// Completion and hover at every offset of messy files: never a panic, and edits stay in bounds.
#[test]
fn every_offset_of_messy_files() {
    let files = [
        ("bundle.yaml", "title:\n  en_us: \"Élé🎉\n  fr: {a: [b, \ncontext: (sel&|!OST_Wa\"\n- x\n  layout: [A[before:, '>>>\nengine: {clean: tr\n\t bad: 'x\n"),
        ("bundle.yaml", "members:\n  - {id: a, te\n  - [x, y\nbackground: {pa\nhighlight: ne\n"),
        ("extension.json", "{\"name\": \"é\", \"templates\": {\"a\": [1, {\"b\": tr}, \"type\": \"li\n"),
        ("extension.yaml", "dependencies: [\ntype: \"ext\n"),
    ];
    for (name, text) in files {
        let dir = if name == "bundle.yaml" { "X.extension/T.tab/P.panel/C.combobox/" } else { "X.extension/" };
        let ws =
            Workspace::new(&format!("//- {dir}{name}\n{text}//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n"));
        let snap = ws.snapshot();
        let path = ws.path(&format!("{dir}{name}"));
        let on_disk = std::fs::read_to_string(&path).unwrap();
        for offset in (0..=on_disk.len()).filter(|o| on_disk.is_char_boundary(*o)) {
            for it in completion::completions(&snap, &path, offset) {
                let r = it.edit.range;
                assert!(r.start <= r.end && r.end as usize <= on_disk.len(), "{name}@{offset}: {it:?}");
                assert!(on_disk.is_char_boundary(r.start as usize) && on_disk.is_char_boundary(r.end as usize));
            }
            let _ = hover::hover(&snap, &path, offset);
        }
        let _ = symbols::document_symbols(&snap, &path);
    }
}

/// Where people type: the first items and their edits at each position and trigger (the text
/// before the cursor is what the editor has when it asks).
#[test]
fn edits_at_each_position_and_trigger() {
    let cases = [
        ("after `:` trigger", "context:$0\n"),
        ("after space trigger", "context: $0\n"),
        ("two spaces typed", "highlight:  $0\n"),
        ("value glued to the colon", "highlight:u$0\n"),
        ("key at EOF after literal", "tooltip: |\n  text\n$0"),
        ("key typed after folded, CRLF", "tooltip: >-\r\n  text\r\n\r\nauth$0"),
        ("key after keep scalar, before a key", "tooltip: |+\n  text\n\n$0\nauthor: x\n"),
        ("inside the scalar's indentation", "tooltip: |\n  text\n  $0\n"),
        ("locale after nested literal", "title:\n  en_us: |\n    Hi\n  fr$0\n"),
        ("key, colon typed", "hig$0:\n"),
        ("key, value present", "hig$0: new\n"),
        ("map key, colon and nested value", "eng$0:\n  clean: true\n"),
        ("after multi-line flow", "context: [selection,\n  OST_Walls]\n$0"),
        ("after a comment", "title: x\n# note\nmin$0"),
    ];
    // The fixture format needs a line break before the next file; the end-of-file cases are in
    // `lsp_completion`.
    let wrap = |yaml: &str| in_bundle(B, &if yaml.ends_with('\n') { yaml.to_string() } else { format!("{yaml}\n") });
    insta::assert_snapshot!(complete_cases(&cases, wrap, 2));
}

#[test]
fn likely_items_first() {
    // Common categories before rare ones; a prefix match (also after `OST_`) before the rest.
    let l = labels(&in_bundle(B, "context: OST_W$0\n"));
    let pos = |name: &str| l.iter().position(|x| x == name).unwrap_or_else(|| panic!("{name} in {l:?}"));
    assert_eq!(l[..2], ["OST_Walls", "OST_Windows"]);
    assert!(pos("OST_Walls") < pos("OST_Wire"));
    assert_eq!(labels(&in_bundle(B, "context: [selection, wal$0]\n"))[0], "OST_Walls");
    assert_eq!(labels(&in_bundle(B, "context:\n  any:\n    - Doo$0\n"))[0], "OST_Doors");
    let l = labels(&in_bundle(B, "context: sheet$0\n"));
    assert_eq!(l[0], "OST_Sheets", "{l:?}");
    // The keys this bundle type usually has first.
    assert_eq!(labels(&in_bundle(B, "$0\n"))[..4], ["title", "tooltip", "author", "context"]);
    let panel =
        labels("//- X.extension/T.tab/P.panel/bundle.yaml\n$0\n//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n");
    assert_eq!(panel[..3], ["title", "layout", "collapsed"]);
    let content = labels("//- X.extension/T.tab/P.panel/D.content/bundle.yaml\n$0\n");
    assert!(content.iter().position(|l| l == "content") < content.iter().position(|l| l == "author"), "{content:?}");
}

fn in_script(py: &str) -> String {
    format!("//- {B}/script.py\n{py}//- X.extension/lib/helpers.py\n__title__ = 'lib'\n")
}

/// In-script metadata: global names at the top level, then values with the tokens of the
/// bundle.yaml key each stands for.
#[test]
fn script_metadata_names_and_values() {
    let cases = [
        ("name at an empty line", "import os\n$0\n"),
        ("name prefix", "__ti$0\n"),
        ("name before an existing `=`", "__con$0 = 'x'\n"),
        ("context string", "__context__ = \"sel$0\"\n"),
        ("context string unclosed", "__context__ = 'OST_Wal$0\n"),
        ("context after operator", "__context__ = '(selection&OST_Do$0)'\n"),
        ("context unquoted", "__context__ = $0\n"),
        ("context list", "__context__ = ['selection', 'OST_Wi$0']\n"),
        ("context dict key", "__context__ = {'an$0': []}\n"),
        ("context dict value", "__context__ = {'any': ['doc-$0']}\n"),
        ("title locale key", "__title__ = {'en_us': 'Hi', '$0'}\n"),
        ("title locale key, multi-line", "__title__ = {\n    'en_us': 'Hi',\n    fr$0\n}\n"),
        ("highlight", "__highlight__ = '$0'\n"),
        ("beta", "__beta__ = $0\n"),
        ("engine flag", "__cleanengine__ = T$0\n"),
        ("version", "__min_revit_ver__ = 20$0\n"),
        ("plain title value: nothing", "__title__ = 'My $0'\n"),
        ("not metadata: nothing", "x = '$0'\n"),
        ("indented: nothing", "def f():\n    __tit$0\n"),
    ];
    insta::assert_snapshot!(complete_cases(&cases, in_script, 3));
    // Assigned globals are not offered again; a lib module gets nothing.
    let l = labels(&in_script("__title__ = 'x'\n__$0\n"));
    assert!(!l.contains(&"__title__".into()) && l.contains(&"__context__".into()), "{l:?}");
    let lib =
        "//- X.extension/lib/helpers.py\n__context__ = 'sel$0'\n//- X.extension/T.tab/P.panel/A.pushbutton/script.py\n";
    assert!(labels(lib).is_empty());
}

#[test]
fn script_metadata_hover() {
    let hover_at = |py: &str| {
        let ws = Workspace::new(&in_script(py));
        let (path, offset) = ws.at();
        hover::hover(&ws.snapshot(), &path, offset).map(|h| h.markdown).unwrap_or_default()
    };
    let md = hover_at("__ti$0tle__ = 'Go'\n");
    assert!(md.starts_with("**`__title__`** — in-script metadata") && md.contains("`title:`"), "{md}");
    let md = hover_at("__context__ = ['selec$0tion', 'OST_Walls']\n");
    assert!(md.contains("selection") && md.contains("context keyword"), "{md}");
    let md = hover_at("__context__ = 'OST_Wa$0lls'\n");
    assert!(md.contains("OST_Walls"), "{md}");
    let md = hover_at("print(__rev$0it__)\n");
    assert!(md.contains("UIApplication"), "{md}");
    // Every offset of half-typed, non-ASCII metadata: no panic.
    let ws = Workspace::new(&in_script(
        "__title__ = {'fr_fr': 'Créer 🎉', \n__context__ = [\"séléction\", {'any': ['OST_\n__beta__ = Tr\n__doc__ = '''ü\n$0",
    ));
    let (path, _) = ws.at();
    let snap = ws.snapshot();
    let len = std::fs::read_to_string(&path).unwrap().len();
    for offset in 0..=len + 1 {
        let _ = completion::completions(&snap, &path, offset);
        let _ = hover::hover(&snap, &path, offset);
    }
}
