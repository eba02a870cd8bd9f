//! Bundle folder suffixes, their types and allowed nesting (spec §1.1–§1.3).

/// A bundle (component) type, named after its folder suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BundleKind {
    Tab,
    Panel,
    Stack,
    PullDown,
    SplitButton,
    SplitPushButton,
    PushButton,
    SmartButton,
    PanelButton,
    LinkButton,
    InvokeButton,
    UrlButton,
    Content,
    NoButton,
    ComboBox,
}

use BundleKind::*;

/// Revit stacks 2 or 3 items (`AddStackedItems`); the C# `StackBuilder` drops a 4th and skips a
/// stack with fewer than 2, Python's `ribbon.py` fails on 4+ and adds a lone item unstacked.
pub const STACK_MIN_ITEMS: usize = 2;
pub const STACK_MAX_ITEMS: usize = 3;

/// Facts about one bundle type.
pub struct BundleKindInfo {
    pub kind: BundleKind,
    /// Folder suffix including the dot, lower case.
    pub suffix: &'static str,
    pub python_class: &'static str,
    /// One-line description for hover and completion docs.
    pub doc: &'static str,
    /// The Python loader logs "Does not have script file" without one (spec §1.4 `needs_script`).
    pub needs_script: bool,
}

pub const BUNDLE_KINDS: &[BundleKindInfo] = &[
    BundleKindInfo {
        kind: Tab,
        suffix: ".tab",
        python_class: "Tab",
        doc: "Ribbon tab; holds `.panel` bundles.",
        needs_script: false,
    },
    BundleKindInfo {
        kind: Panel,
        suffix: ".panel",
        python_class: "Panel",
        doc: "Ribbon panel; holds stacks, pulldowns, split buttons and buttons.",
        needs_script: false,
    },
    BundleKindInfo {
        kind: Stack,
        suffix: ".stack",
        python_class: "StackButtonGroup",
        doc: "Vertical stack of 2 or 3 buttons or button groups.",
        needs_script: false,
    },
    BundleKindInfo {
        kind: PullDown,
        suffix: ".pulldown",
        python_class: "PullDownButtonGroup",
        doc: "Pull-down button listing command bundles.",
        needs_script: false,
    },
    BundleKindInfo {
        kind: SplitButton,
        suffix: ".splitbutton",
        python_class: "SplitButtonGroup",
        doc: "Split button: the last used command becomes the face.",
        needs_script: false,
    },
    BundleKindInfo {
        kind: SplitPushButton,
        suffix: ".splitpushbutton",
        python_class: "SplitPushButtonGroup",
        doc: "Split push button: the first command stays the face.",
        needs_script: false,
    },
    BundleKindInfo {
        kind: PushButton,
        suffix: ".pushbutton",
        python_class: "PushButton",
        doc: "Push button running a script.",
        needs_script: true,
    },
    BundleKindInfo {
        kind: SmartButton,
        suffix: ".smartbutton",
        python_class: "SmartButton",
        doc: "Push button whose script is imported at load time and may define `__selfinit__`.",
        needs_script: true,
    },
    BundleKindInfo {
        kind: PanelButton,
        suffix: ".panelbutton",
        python_class: "PanelPushButton",
        doc: "Panel dialog-launcher button (the small arrow in the panel title); context is always `zero-doc`.",
        needs_script: true,
    },
    BundleKindInfo {
        kind: LinkButton,
        suffix: ".linkbutton",
        python_class: "LinkButton",
        doc: "Runs `command_class` from an external .NET `assembly`; no script.",
        needs_script: false,
    },
    BundleKindInfo {
        kind: InvokeButton,
        suffix: ".invokebutton",
        python_class: "InvokeButton",
        doc: "Invokes an `IExternalCommand` from a DLL named by `assembly`.",
        needs_script: false,
    },
    BundleKindInfo {
        kind: UrlButton,
        suffix: ".urlbutton",
        python_class: "URLButton",
        doc: "Opens the `hyperlink` URL.",
        needs_script: false,
    },
    BundleKindInfo {
        kind: Content,
        suffix: ".content",
        python_class: "ContentButton",
        doc: "Loads a family `.rfa` (`content_<year>.rfa`, `*content.rfa`, or `content:`).",
        needs_script: false,
    },
    BundleKindInfo {
        kind: NoButton,
        suffix: ".nobutton",
        python_class: "NoButton",
        doc: "Command with no UI (Python loader only; the C# loader neither compiles nor shows it).",
        needs_script: true,
    },
    BundleKindInfo {
        kind: ComboBox,
        suffix: ".combobox",
        python_class: "ComboBoxGroup",
        doc: "Revit combo box with `members`.",
        needs_script: false,
    },
];

/// Suffix of a UI extension folder.
pub const EXTENSION_SUFFIX: &str = ".extension";
/// Suffix of a library extension folder (only put on module search paths).
pub const LIB_EXTENSION_SUFFIX: &str = ".lib";
/// Suffixes current loaders no longer read (spec §1.2): the folders are silently ignored.
pub const LEGACY_SUFFIXES: &[&str] = &[".stack2", ".stack3"];

const COMMAND_GROUPS: &[BundleKind] = &[PullDown, SplitButton, SplitPushButton];
const COMMANDS: &[BundleKind] =
    &[PushButton, SmartButton, PanelButton, LinkButton, InvokeButton, UrlButton, Content, NoButton];

impl BundleKind {
    pub const ALL: [BundleKind; 15] = [
        Tab,
        Panel,
        Stack,
        PullDown,
        SplitButton,
        SplitPushButton,
        PushButton,
        SmartButton,
        PanelButton,
        LinkButton,
        InvokeButton,
        UrlButton,
        Content,
        NoButton,
        ComboBox,
    ];

    pub fn info(self) -> &'static BundleKindInfo {
        &BUNDLE_KINDS[self as usize]
    }

    pub fn suffix(self) -> &'static str {
        self.info().suffix
    }

    /// Matches a lower- or mixed-case suffix such as `.PushButton`.
    pub fn from_suffix(suffix: &str) -> Option<BundleKind> {
        BUNDLE_KINDS.iter().find(|i| i.suffix.eq_ignore_ascii_case(suffix)).map(|i| i.kind)
    }

    /// Containers hold other bundles (tab, panel, stack, pulldown, split buttons, combobox groups
    /// are leaves in practice: a combobox holds `members`, not folders).
    pub fn is_container(self) -> bool {
        matches!(self, Tab | Panel | Stack | PullDown | SplitButton | SplitPushButton)
    }

    /// Leaf bundles that become a Revit command.
    pub fn is_command(self) -> bool {
        COMMANDS.contains(&self)
    }

    /// Children the Python loader creates under this type (`allowed_sub_cmps`, spec §1.3).
    /// The C# loader parses any nesting; what it shows is decided by its UI builders.
    pub fn allowed_children(self) -> &'static [BundleKind] {
        const PANEL: &[BundleKind] = &[
            Stack,
            PullDown,
            SplitButton,
            SplitPushButton,
            PushButton,
            SmartButton,
            PanelButton,
            LinkButton,
            InvokeButton,
            UrlButton,
            Content,
            NoButton,
            ComboBox,
        ];
        const STACK: &[BundleKind] = &[
            PullDown,
            SplitButton,
            SplitPushButton,
            PushButton,
            SmartButton,
            PanelButton,
            LinkButton,
            InvokeButton,
            UrlButton,
            Content,
            NoButton,
            ComboBox,
        ];
        match self {
            Tab => &[Panel],
            Panel => PANEL,
            Stack => STACK,
            PullDown | SplitButton | SplitPushButton => COMMANDS,
            _ => &[],
        }
    }

    /// Whether the loaders build a ribbon item for this type: a `.nobutton` gets none in either
    /// (Python `uimaker._component_creation_dict` has no entry; no C# button builder lists it).
    pub fn gets_ribbon_item(self) -> bool {
        self != NoButton
    }

    pub fn is_command_group(self) -> bool {
        COMMAND_GROUPS.contains(&self)
    }
}

/// What a folder name's suffix says about the folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderKind {
    Extension,
    LibExtension,
    Bundle(BundleKind),
    /// `.stack2` / `.stack3`: ignored by current loaders.
    Legacy(&'static str),
    /// No suffix, or one no loader knows.
    Other,
}

/// The bundle suffix a folder suffix is a likely typo of (`.pushbuton` → `.pushbutton`).
pub fn near_miss_suffix(suffix: &str) -> Option<&'static str> {
    if suffix.len() < 4 {
        return None;
    }
    let lower = suffix.to_ascii_lowercase();
    let (best, distance) =
        all_suffixes().map(|s| (s, strsim::damerau_levenshtein(&lower, s))).min_by_key(|(_, d)| *d)?;
    (distance > 0 && distance <= 2 && distance * 4 <= best.len()).then_some(best)
}

/// Whether a folder name has a near-miss bundle suffix (see [`near_miss_suffix`]).
pub fn is_near_miss_suffix(folder_name: &str) -> bool {
    near_miss_suffix(split_suffix(folder_name).1).is_some()
}

/// Split `Name.suffix` at the last dot: `("Name", ".suffix")`. No dot → `(name, "")`.
pub fn split_suffix(folder_name: &str) -> (&str, &str) {
    match folder_name.rfind('.') {
        Some(i) if i > 0 => (&folder_name[..i], &folder_name[i..]),
        _ => (folder_name, ""),
    }
}

/// Classify a folder by its name, case-insensitively.
pub fn classify_folder(folder_name: &str) -> FolderKind {
    let (_, suffix) = split_suffix(folder_name);
    if suffix.eq_ignore_ascii_case(EXTENSION_SUFFIX) {
        FolderKind::Extension
    } else if suffix.eq_ignore_ascii_case(LIB_EXTENSION_SUFFIX) {
        FolderKind::LibExtension
    } else if let Some(kind) = BundleKind::from_suffix(suffix) {
        FolderKind::Bundle(kind)
    } else if let Some(l) = LEGACY_SUFFIXES.iter().find(|l| l.eq_ignore_ascii_case(suffix)) {
        FolderKind::Legacy(l)
    } else {
        FolderKind::Other
    }
}

/// Every known folder suffix, for near-miss suggestions (`.pushbuton` → `.pushbutton`).
pub fn all_suffixes() -> impl Iterator<Item = &'static str> {
    BUNDLE_KINDS.iter().map(|i| i.suffix).chain([EXTENSION_SUFFIX, LIB_EXTENSION_SUFFIX])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_enum_order() {
        for (i, k) in BundleKind::ALL.iter().enumerate() {
            assert_eq!(BUNDLE_KINDS[i].kind, *k);
        }
    }

    #[test]
    fn classify_is_case_insensitive() {
        assert_eq!(classify_folder("My Tool.PushButton"), FolderKind::Bundle(PushButton));
        assert_eq!(classify_folder("X.Extension"), FolderKind::Extension);
        assert_eq!(classify_folder("old.stack3"), FolderKind::Legacy(".stack3"));
        assert_eq!(classify_folder("Foo.pushbutton_"), FolderKind::Other);
        assert_eq!(classify_folder("lib"), FolderKind::Other);
    }
}
