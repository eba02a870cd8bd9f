//! Tables for `keys.rs` (spec §2.2–§2.5, §9.1). Docs are user-facing hover text.

use super::{Applies, KeyInfo, SubKeyInfo, UnreadKey, ValueInfo, ValueShape};
use crate::knowledge::bundle_types::BundleKind::{self, *};
use crate::knowledge::Loaders;

const ALL: &[BundleKind] = &BundleKind::ALL;
const COMMANDS: &[BundleKind] =
    &[PushButton, SmartButton, PanelButton, LinkButton, InvokeButton, UrlButton, Content, NoButton];
/// Commands that honour `context` (a `.linkbutton` ignores it with a warning).
const CONTEXT_COMMANDS: &[BundleKind] =
    &[PushButton, SmartButton, PanelButton, InvokeButton, UrlButton, Content, NoButton];
const CONTAINERS: &[BundleKind] = &[Tab, Panel, Stack, PullDown, SplitButton, SplitPushButton];
const BETA: &[BundleKind] =
    &[Panel, PushButton, SmartButton, PanelButton, LinkButton, InvokeButton, UrlButton, Content, NoButton, ComboBox];
const LINK_INVOKE: &[BundleKind] = &[LinkButton, InvokeButton];

const fn on(kinds: &'static [BundleKind]) -> Applies {
    Applies { kinds, extension_root: false }
}
const fn on_and_root(kinds: &'static [BundleKind]) -> Applies {
    Applies { kinds, extension_root: true }
}

pub const BUNDLE_KEYS: &[KeyInfo] = &[
    KeyInfo {
        name: "title",
        aliases: &["titles"],
        shape: ValueShape::LocalizedString,
        localizable: true,
        applies_to: on(ALL),
        loaders: Loaders::Both,
        doc: "Text shown on the button or panel. Defaults to the folder name without its suffix. \
              May be a map of locale code → text; `\\n` breaks the line; `{{template}}` tags are \
              substituted. The Python loader names a tab after its folder, so a tab `title` only \
              works with the C# loader. `titles` is a C#-only alias.",
        example: "title: \"Make\\nPattern\"",
        required_for: &[],
    },
    KeyInfo {
        name: "tooltip",
        aliases: &["tooltips"],
        shape: ValueShape::LocalizedString,
        localizable: true,
        applies_to: on(ALL),
        loaders: Loaders::Both,
        doc: "Tooltip text. Block scalars (`|`, `>`) work well for long text; may be a map of \
              locale code → text. Without a bundle.yaml the script's docstring or `__doc__` is \
              used. `tooltips` is a C#-only alias.",
        example: "tooltip: Renumbers the selected views in click order.",
        required_for: &[],
    },
    KeyInfo {
        name: "author",
        aliases: &[],
        shape: ValueShape::StringOrList,
        localizable: false,
        applies_to: on_and_root(ALL),
        loaders: Loaders::Both,
        doc: "Author shown in the tooltip. A list is joined with line breaks. In the extension root \
              bundle.yaml the C# loader offers it as the `{{author}}` template.",
        example: "author: Jane Doe",
        required_for: &[],
    },
    KeyInfo {
        name: "authors",
        aliases: &[],
        shape: ValueShape::StringOrList,
        localizable: false,
        applies_to: on(ALL),
        loaders: Loaders::Both,
        doc: "Several authors; a list is joined with line breaks. Overrides `author`.",
        example: "authors: [Jane Doe, John Roe]",
        required_for: &[],
    },
    KeyInfo {
        name: "help_url",
        aliases: &[],
        shape: ValueShape::LocalizedString,
        localizable: true,
        applies_to: on(COMMANDS),
        loaders: Loaders::Both,
        doc: "URL or file path opened by F1 (contextual help) on the button. Defaults to a \
              `help.*` file in the bundle. May be localized.",
        example: "help_url: https://example.com/docs/renumber",
        required_for: &[],
    },
    KeyInfo {
        name: "context",
        aliases: &[],
        shape: ValueShape::Context,
        localizable: false,
        applies_to: on(CONTEXT_COMMANDS),
        loaders: Loaders::Both,
        doc: "When the button is enabled: a string such as `selection` or `OST_Walls`, a list (all \
              must match) or a map with `any`/`all`/`exact`/`not_*` rules. Without it the button \
              needs an open document. `.panelbutton` is always `zero-doc`; a `.linkbutton` ignores \
              it (use `availability_class`).",
        example: "context: [selection, OST_Walls]",
        required_for: &[],
    },
    KeyInfo {
        name: "min_revit_version",
        aliases: &[],
        shape: ValueShape::Integer,
        localizable: false,
        applies_to: on_and_root(ALL),
        loaders: Loaders::Both,
        doc: "Oldest Revit version (a year) that shows the item. The Python loader honours it on \
              buttons only; the C# loader on any bundle and on the whole extension (root \
              bundle.yaml). A non-integer value breaks loading (Python) or skips the item (C#).",
        example: "min_revit_version: 2021",
        required_for: &[],
    },
    KeyInfo {
        name: "max_revit_version",
        aliases: &[],
        shape: ValueShape::Integer,
        localizable: false,
        applies_to: on_and_root(ALL),
        loaders: Loaders::Both,
        doc: "Newest Revit version (a year) that shows the item. Same rules as `min_revit_version`.",
        example: "max_revit_version: 2024",
        required_for: &[],
    },
    KeyInfo {
        name: "is_beta",
        aliases: &["beta"],
        shape: ValueShape::Bool,
        localizable: false,
        applies_to: on(BETA),
        loaders: Loaders::Both,
        doc: "Marks a command (or panel) as beta: it is shown only when the user turned on \
              \"Load Beta Tools\". `beta` is a C#-only alias.",
        example: "is_beta: true",
        required_for: &[],
    },
    KeyInfo {
        name: "highlight",
        aliases: &[],
        shape: ValueShape::Highlight,
        localizable: false,
        applies_to: on(ALL),
        loaders: Loaders::Both,
        doc: "Draws a marker on the item: `new` or `updated` (case-insensitive). Other values do \
              nothing.",
        example: "highlight: new",
        required_for: &[],
    },
    KeyInfo {
        name: "collapsed",
        aliases: &[],
        shape: ValueShape::Bool,
        localizable: false,
        applies_to: on(&[Panel]),
        loaders: Loaders::Both,
        doc: "Starts the panel collapsed.",
        example: "collapsed: true",
        required_for: &[],
    },
    KeyInfo {
        name: "background",
        aliases: &[],
        shape: ValueShape::Background,
        localizable: false,
        applies_to: on(&[Panel]),
        loaders: Loaders::Both,
        doc: "Panel background colour: one colour string (`#AARRGGBB` or `#RRGGBB`) or a map with \
              `panel`, `title` and `slideout` colours. Anything else logs \"bad background \
              definition\" (Python).",
        example: "background: '#BB005591'",
        required_for: &[],
    },
    KeyInfo {
        name: "layout",
        aliases: &["layout_order"],
        shape: ValueShape::Layout,
        localizable: false,
        applies_to: on_and_root(CONTAINERS),
        loaders: Loaders::Both,
        doc: "Order of the children: folder names without suffix (case-sensitive). `---` adds a \
              separator, `>>>` starts the slide-out, `Name[title:Text]` renames, \
              `Name[before:Other]`/`[after:Other]`/`[beforeall:]`/`[afterall:]` move panels. The \
              Python loader does not create unlisted children; the C# loader appends them. \
              `layout_order` is a C#-only alias.",
        example: "layout: [Sheets, Views, ---, Print]",
        required_for: &[],
    },
    KeyInfo {
        name: "engine",
        aliases: &[],
        shape: ValueShape::Engine,
        localizable: false,
        applies_to: on(COMMANDS),
        loaders: Loaders::Both,
        doc: "Script engine options: `clean`, `full_frame`, `persistent`, `mainthread`, and the \
              Dynamo options (`automate`, `dynamo_path`, …).",
        example: "engine:\n  clean: true",
        required_for: &[],
    },
    KeyInfo {
        name: "modules",
        aliases: &[],
        shape: ValueShape::List,
        localizable: false,
        applies_to: on(COMMANDS),
        loaders: Loaders::Both,
        doc: "DLL file names found on the module/bin search paths and loaded before the command \
              runs.",
        example: "modules: [MyTools.dll]",
        required_for: &[],
    },
    KeyInfo {
        name: "assembly",
        aliases: &[],
        shape: ValueShape::String,
        localizable: false,
        applies_to: on(LINK_INVOKE),
        loaders: Loaders::Both,
        doc: "The .NET assembly to run: a DLL name (with or without `.dll`, `<name>_<RevitYear>.dll` \
              is tried first) searched in the `bin`/`lib` folders, or a path. Required for \
              `.linkbutton` and `.invokebutton`.",
        example: "assembly: MyAddin.dll",
        required_for: LINK_INVOKE,
    },
    KeyInfo {
        name: "command_class",
        aliases: &[],
        shape: ValueShape::String,
        localizable: false,
        applies_to: on(LINK_INVOKE),
        loaders: Loaders::Both,
        doc: "The `IExternalCommand` class to run from `assembly`. Required for `.linkbutton` \
              (the Python loader prefixes the assembly name), optional for `.invokebutton`.",
        example: "command_class: MyAddin.Commands.Renumber",
        required_for: &[LinkButton],
    },
    KeyInfo {
        name: "availability_class",
        aliases: &[],
        shape: ValueShape::String,
        localizable: false,
        applies_to: on(LINK_INVOKE),
        loaders: Loaders::Both,
        doc: "`IExternalCommandAvailability` class in `assembly` deciding when the button is \
              enabled; the link/invoke-button replacement for `context`.",
        example: "availability_class: MyAddin.Commands.RenumberAvailability",
        required_for: &[],
    },
    KeyInfo {
        name: "hyperlink",
        aliases: &[],
        shape: ValueShape::String,
        localizable: false,
        applies_to: on(&[UrlButton]),
        loaders: Loaders::Both,
        doc: "The URL a `.urlbutton` opens. Required (Python logs \"does not specify target url\").",
        example: "hyperlink: https://www.notion.so/pyrevitlabs",
        required_for: &[UrlButton],
    },
    KeyInfo {
        name: "content",
        aliases: &[],
        shape: ValueShape::String,
        localizable: false,
        applies_to: on(&[Content]),
        loaders: Loaders::Both,
        doc: "The family `.rfa` a `.content` button loads, relative to the bundle or absolute. \
              Without it `content_<RevitYear>.rfa` or `*content.rfa` is used (newer pyRevit).",
        example: "content: Families/Door.rfa",
        required_for: &[],
    },
    KeyInfo {
        name: "content_alt",
        aliases: &[],
        shape: ValueShape::String,
        localizable: false,
        applies_to: on(&[Content]),
        loaders: Loaders::Both,
        doc: "The family `.rfa` loaded on Ctrl+Click. Without it `other_<RevitYear>.rfa` or \
              `other.rfa` is used.",
        example: "content_alt: Families/Door_alt.rfa",
        required_for: &[],
    },
    KeyInfo {
        name: "templates",
        aliases: &[],
        shape: ValueShape::Templates,
        localizable: false,
        applies_to: on_and_root(ALL),
        loaders: Loaders::Both,
        doc: "Values for `{{name}}` tags in titles, tooltips, help URLs and authors of this item's \
              descendants (and, with the C# loader, of the item itself).",
        example: "templates:\n  docs: https://example.com/docs/",
        required_for: &[],
    },
    KeyInfo {
        name: "members",
        aliases: &[],
        shape: ValueShape::Members,
        localizable: false,
        applies_to: on(&[ComboBox]),
        loaders: Loaders::Both,
        doc: "Entries of a `.combobox`: a list of maps (`id`, `text`, `icon`, `tooltip`, `group`, \
              `tooltip_image`), of `[id, text]` pairs or of strings, or a map `{id: text}`.",
        example: "members:\n  - {id: a, text: Option A}",
        required_for: &[],
    },
    // `tooltip_ext`, `inherit_icon`, `large_icon`: the C# `BundleParser.ParseTopLevelNode` version
    // read through the search tools has no case for them, so there they fall into the `default:`
    // branch and become template values; `inherit_icon`/`large_icon` come with PR #3350 (spec
    // §2.2), which that version predates. Python support for the two icon keys is unverified.
    KeyInfo {
        name: "tooltip_ext",
        aliases: &[],
        shape: ValueShape::String,
        localizable: false,
        applies_to: on(&[ComboBox]),
        // spec §2.2: the Python UI maker asks the component for an attribute its parser never
        // sets, and the C# parser has no case for the key (it becomes a template variable).
        loaders: Loaders::Neither,
        doc: "Extended (long) tooltip of a `.combobox`, as pyRevit's documentation names it; at the top \
              level neither current loader shows it (the member-level `tooltip_ext` does work, in \
              the Python loader).",
        example: "tooltip_ext: Shown when hovering longer.",
        required_for: &[],
    },
    KeyInfo {
        name: "inherit_icon",
        aliases: &[],
        shape: ValueShape::Bool,
        localizable: false,
        applies_to: on(ALL),
        loaders: Loaders::CSharpOnly,
        doc: "Whether buttons without an icon take their container's icon (default true).",
        example: "inherit_icon: false",
        required_for: &[],
    },
    KeyInfo {
        name: "large_icon",
        aliases: &[],
        shape: ValueShape::Bool,
        localizable: false,
        applies_to: on(ALL),
        loaders: Loaders::CSharpOnly,
        doc: "Use the large icon even in compact places such as stacks (default false).",
        example: "large_icon: true",
        required_for: &[],
    },
];

const fn sub(name: &'static str, shape: ValueShape, loaders: Loaders, doc: &'static str) -> SubKeyInfo {
    SubKeyInfo { name, aliases: &[], shape, loaders, doc }
}

/// `engine:` sub-keys (spec §2.3; Python `MDATA_ENGINE_*`, C# `BundleParser.ParseEngine`).
#[rustfmt::skip]
pub const ENGINE_KEYS: &[SubKeyInfo] = &[
    sub("clean", ValueShape::Bool, Loaders::Both, "Use a fresh IronPython engine on every run."),
    sub("full_frame", ValueShape::Bool, Loaders::Both, "Enable IronPython full frames and tracing (needed by some modules, e.g. `inspect`)."),
    sub("persistent", ValueShape::Bool, Loaders::Both, "Keep the script's globals after the run instead of clearing them."),
    sub("mainthread", ValueShape::Bool, Loaders::Both, "Run on Revit's main thread. The Python loader reads only the exact text `true`."),
    sub("automate", ValueShape::Bool, Loaders::Both, "Dynamo: run the graph automatically (a synonym of `mainthread` for the Python loader). The Python loader reads only the exact text `true`."),
    sub("dynamo_path", ValueShape::String, Loaders::Both, "Dynamo: path of the graph to run instead of the bundle's."),
    sub("dynamo_path_exec", ValueShape::Bool, Loaders::CSharpOnly, "Dynamo: execute the graph at `dynamo_path`."),
    sub("dynamo_path_check_existing", ValueShape::Bool, Loaders::Both, "Dynamo: check that `dynamo_path` exists. The Python loader reads only the exact text `true`."),
    sub("dynamo_force_manual_run", ValueShape::Bool, Loaders::Both, "Dynamo: force manual run mode. The Python loader reads only the exact text `true`."),
    sub("dynamo_model_nodes_info", ValueShape::String, Loaders::Both, "Dynamo: node information passed to the model."),
    sub("type", ValueShape::String, Loaders::CSharpOnly, "Engine type name."),
];

/// `background:` map keys (spec §2.2; Python `Panel.__init__`, C# `ParseBackground`).
#[rustfmt::skip]
pub const BACKGROUND_KEYS: &[SubKeyInfo] = &[
    sub("panel", ValueShape::String, Loaders::Both, "Colour of the panel body, e.g. `'#BB005591'`."),
    sub("title", ValueShape::String, Loaders::Both, "Colour of the panel title bar."),
    sub("slideout", ValueShape::String, Loaders::Both, "Colour of the panel slide-out."),
];

/// Combobox member map keys (spec §2.5; C# `BundleParser.ParseMembers`, Python
/// `uimaker._add_combobox_members`). Aliases are read by the Python loader only. Checked in
/// `uimaker.py`: `tooltip_ext` (alias `longDescription`) is a separate, Python-only key for the
/// extended tooltip, not an alias of `tooltip` as the spec's wording suggests.
#[rustfmt::skip]
pub const COMBOBOX_MEMBER_KEYS: &[SubKeyInfo] = &[
    SubKeyInfo { name: "id", aliases: &["name"], shape: ValueShape::String, loaders: Loaders::Both, doc: "Member id passed to the script. C# copies it from `text` when missing; the Python loader skips a member without an id." },
    SubKeyInfo { name: "text", aliases: &["title"], shape: ValueShape::String, loaders: Loaders::Both, doc: "Text shown in the list; defaults to the id." },
    SubKeyInfo { name: "icon", aliases: &[], shape: ValueShape::String, loaders: Loaders::Both, doc: "Image file, relative to the bundle folder." },
    SubKeyInfo { name: "tooltip", aliases: &[], shape: ValueShape::String, loaders: Loaders::Both, doc: "Tooltip of the member." },
    SubKeyInfo { name: "tooltip_ext", aliases: &["longDescription"], shape: ValueShape::String, loaders: Loaders::PythonOnly, doc: "Extended tooltip of the member (Python loader only)." },
    SubKeyInfo { name: "group", aliases: &["groupName"], shape: ValueShape::String, loaders: Loaders::Both, doc: "Group heading the member is listed under." },
    SubKeyInfo { name: "tooltip_image", aliases: &["tooltipImage"], shape: ValueShape::String, loaders: Loaders::Both, doc: "Image shown in the tooltip, relative to the bundle folder." },
];

/// `highlight:` values (`uimaker._set_highlights`).
#[rustfmt::skip]
pub const HIGHLIGHT_VALUES: &[ValueInfo] = &[
    ValueInfo { name: "new", doc: "Marks the item as new with a highlight marker on its button." },
    ValueInfo { name: "updated", doc: "Marks the item as updated with a highlight marker on its button." },
];

/// `Name[directive:target]` directives of `layout:` items (spec §9.1).
#[rustfmt::skip]
pub const LAYOUT_DIRECTIVES: &[ValueInfo] = &[
    ValueInfo { name: "title", doc: "Renames the child in this container: `Name[title:New Name]`; `\\n` breaks the line." },
    ValueInfo { name: "before", doc: "Places the child before another one: `Name[before:Other]`. The Python loader applies it to panels in a tab only, and the target may be a native Revit panel." },
    ValueInfo { name: "after", doc: "Places the child after another one: `Name[after:Other]`. The Python loader applies it to panels in a tab only, and the target may be a native Revit panel." },
    ValueInfo { name: "beforeall", doc: "Moves the child to the start: `Name[beforeall:]` (the colon is required)." },
    ValueInfo { name: "afterall", doc: "Moves the child to the end: `Name[afterall:]` (the colon is required)." },
];

/// Keys seen in real bundles that no current parser reads (spec §2.2).
#[rustfmt::skip]
pub const UNREAD_KEYS: &[UnreadKey] = &[
    UnreadKey { name: "media", why: "Tooltip media is found by file name (`tooltip.png`, `tooltip.mp4`, …), not by a key." },
    UnreadKey { name: "icon", why: "The icon is always the `icon.png` (or `icon.dark.png`) file in the bundle folder; old `script.yaml` files had this key." },
    UnreadKey { name: "references", why: "Seen in pyRevit's Dynamo test bundles; no loader reads it." },
    UnreadKey { name: "name", why: "The name comes from the folder; use `title` for the displayed text." },
];
