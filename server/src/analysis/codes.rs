//! Every diagnostic code, in one place. Codes are part of the product's interface (CI scripts
//! filter on them): never rename one. Kebab-case.

// Syntax of metadata files.
/// `bundle.yaml` / `extension.yaml` is not valid YAML: pyRevit logs an error and reads nothing.
pub const YAML_SYNTAX: &str = "yaml-syntax";
/// `extension.json` is not valid JSON: "Can not parse ext manifest file".
pub const MANIFEST_PARSE: &str = "manifest-parse";
/// The root of a metadata file is not a mapping: the C# loader ignores the file.
pub const METADATA_NOT_MAPPING: &str = "metadata-not-mapping";

// Folder structure.
/// A bundle nested where no loader creates it (a panel inside a button, a button under a tab…).
pub const MISPLACED_BUNDLE: &str = "misplaced-bundle";
/// A folder suffix close to a known one (`.pushbuton`): pyRevit silently ignores the folder.
pub const UNKNOWN_SUFFIX: &str = "unknown-suffix";
/// `.stack2` / `.stack3`: read by old pyRevit only; current loaders ignore the folder.
pub const LEGACY_STACK: &str = "legacy-stack";
/// A `_layout` file: old pyRevit only; current loaders read `layout:` in bundle.yaml.
pub const LEGACY_LAYOUT_FILE: &str = "legacy-layout-file";
/// `bundle.yml` or `script.yaml`: no current loader reads it.
pub const IGNORED_METADATA_FILE: &str = "ignored-metadata-file";
/// A command bundle without the script its type needs.
pub const MISSING_SCRIPT: &str = "missing-script";
/// A `.stack` that does not hold 2 or 3 items (4+ fail; 1 works in the Python loader only).
pub const STACK_SIZE: &str = "stack-size";
/// `from mod import name` where `mod` resolves in the workspace but defines no `name` and has no such submodule.
pub const UNRESOLVED_IMPORT_NAME: &str = "unresolved-import-name";
/// `import pkg.sub` / `from pkg.sub import x` where `pkg` resolves in the workspace but has no
/// submodule `sub` (or, in a package, an implicit relative import of a renamed module).
pub const UNRESOLVED_SUBMODULE: &str = "unresolved-submodule";
/// A module name provided by two or more folders on an importing file's search path (the later ones are shadowed).
pub const SHADOWED_MODULE: &str = "shadowed-module";

// Symbolic links (never read through one that leaves the workspace).
/// A link whose target lies outside the workspace folders: its contents are not read.
pub const LINK_OUTSIDE_WORKSPACE: &str = "link-outside-workspace";
/// A link that cannot be resolved (a loop, or its target is gone): nothing is read through it.
pub const UNRESOLVED_LINK: &str = "unresolved-link";

// Hook scripts (`<extension>/hooks/`, spec §6).
/// The event read from a hook file name is not one of pyRevit's events ("Invalid hook type").
pub const UNKNOWN_HOOK_EVENT: &str = "unknown-hook-event";
/// No event can be read from a hook file name at all (e.g. digits in the `[TARGET]`).
pub const INVALID_HOOK_NAME: &str = "invalid-hook-name";
/// A hook event current runtimes do not have, though some pyRevit versions did (`theme-changed`).
pub const UNSUPPORTED_HOOK_EVENT: &str = "unsupported-hook-event";
/// A prefix before the event name (`01_doc-opened.py`): the C# loader skips the file.
pub const HOOK_NAME_PREFIX: &str = "hook-name-prefix";
/// A `[TARGET]` on an event that takes none: ignored.
pub const HOOK_TARGET_IGNORED: &str = "hook-target-ignored";
/// A `command-*` hook (`command-before-exec`, `-can-exec`, `-exec`) without a `[TARGET]`: it never runs.
pub const HOOK_TARGET_MISSING: &str = "hook-target-missing";
/// `.PY` / `.Cs`: the Python loader compares the extension case-sensitively and skips the file.
pub const HOOK_EXTENSION_CASE: &str = "hook-extension-case";
/// A file in `hooks/` that is not `.py`/`.cs`/`.vb`, or one in a sub-folder: never run.
pub const IGNORED_HOOK_FILE: &str = "ignored-hook-file";

// Metadata keys and values (bundle.yaml, manifests, in-script globals).
/// A key spelled twice in one mapping: YamlDotNet refuses the mapping ("Duplicate key").
pub const DUPLICATE_KEY: &str = "duplicate-key";
/// A top-level key close to a known one (`tooltop`): pyRevit only offers it as a template.
pub const UNKNOWN_KEY: &str = "unknown-key";
/// A top-level scalar key no loader reads: it becomes a `{{template}}` for descendants.
pub const TEMPLATE_KEY: &str = "template-key";
/// A key found in real bundles that no loader reads (`media`, `icon`, `name`…).
pub const UNREAD_KEY: &str = "unread-key";
/// A C#-only alias (`titles`, `tooltips`, `layout_order`, `beta`): the Python loader ignores it.
pub const CSHARP_ONLY_ALIAS: &str = "csharp-only-alias";
/// A key spelled with other letter case (`Title`): C# lower-cases it, Python ignores it.
pub const KEY_CASE: &str = "key-case";
/// A key that means nothing for this bundle type.
pub const KEY_NOT_APPLICABLE: &str = "key-not-applicable";
/// A value of the wrong shape (map where a string is expected…).
pub const WRONG_VALUE_SHAPE: &str = "wrong-value-shape";
/// A key this bundle type needs is missing (`hyperlink`, `assembly`, `command_class`).
pub const MISSING_REQUIRED_KEY: &str = "missing-required-key";
/// `context` on a `.linkbutton`: pyRevit ignores it.
pub const CONTEXT_ON_LINKBUTTON: &str = "context-on-linkbutton";
/// `context` on a `.panelbutton`: pyRevit forces it to `zero-doc`.
pub const CONTEXT_ON_PANELBUTTON: &str = "context-on-panelbutton";
/// `highlight` is neither `new` nor `updated`.
pub const BAD_HIGHLIGHT: &str = "bad-highlight";
/// A Revit version that is not an integer.
pub const NON_INTEGER_VERSION: &str = "non-integer-version";
/// A Revit version outside the plausible range.
pub const VERSION_OUT_OF_RANGE: &str = "version-out-of-range";
/// `min_revit_version` greater than `max_revit_version`: the item is never shown.
pub const VERSION_RANGE_EMPTY: &str = "version-range-empty";
/// A boolean the two loaders read differently (`yes`, `on`, `1`, `True` for case-sensitive keys).
pub const AMBIGUOUS_BOOL: &str = "ambiguous-bool";
/// `background` is not a colour or a `{panel, title, slideout}` map of colours.
pub const BAD_BACKGROUND: &str = "bad-background";
/// An `engine:` sub-key no loader reads.
pub const UNKNOWN_ENGINE_KEY: &str = "unknown-engine-key";

// Locales.
/// A locale code neither loader knows: the C# loader drops the entry.
pub const UNKNOWN_LOCALE: &str = "unknown-locale";
/// A locale code with other letter case (`EN_US`): C# accepts it, Python does not.
pub const LOCALE_CASE: &str = "locale-case";
/// A locale alias the two loaders resolve differently (`chinese`, `portuguese`).
pub const LOCALE_ALIAS_DIFFERS: &str = "locale-alias-differs";
/// Two keys of one localized map resolve to the same locale.
pub const DUPLICATE_LOCALE: &str = "duplicate-locale";
/// A localized map without `en_us`/`english`: users of other locales see the folder name.
pub const NO_ENGLISH_LOCALE: &str = "no-english-locale";

// Context.
/// The runtime context string is malformed (nesting, mixed operators, unbalanced parentheses…).
pub const CONTEXT_SYNTAX: &str = "context-syntax";
/// Spaces around a context token: they are part of the token, so keywords no longer match.
pub const CONTEXT_TOKEN_SPACES: &str = "context-token-spaces";
/// A context token close to a keyword (`selectoin`): it is read as a category name and never matches.
pub const CONTEXT_KEYWORD_TYPO: &str = "context-keyword-typo";
/// An `OST_…` token that is no built-in category.
pub const UNKNOWN_CATEGORY: &str = "unknown-category";
/// A context token compared with category display names (depends on Revit's UI language).
pub const CONTEXT_CATEGORY_NAME: &str = "context-category-name";
/// A key of the map form of `context:` that no loader knows (`zero-doc:`).
pub const CONTEXT_MAP_KEY: &str = "context-map-key";

// Layout.
/// A `layout` item that names no child of the container.
pub const LAYOUT_UNKNOWN_CHILD: &str = "layout-unknown-child";
/// A child missing from its container's `layout`: the Python loader does not create it.
pub const LAYOUT_MISSING_CHILD: &str = "layout-missing-child";
/// A `Name[directive:target]` with an unknown directive.
pub const LAYOUT_UNKNOWN_DIRECTIVE: &str = "layout-unknown-directive";
/// A `before:`/`after:` target that names no sibling.
pub const LAYOUT_UNKNOWN_TARGET: &str = "layout-unknown-target";
/// A separator or slide-out as the last `layout` item: not inserted.
pub const LAYOUT_TRAILING_SEPARATOR: &str = "layout-trailing-separator";

// Extension manifests.
/// A manifest key no loader reads: the Python loader offers it as a template value.
pub const MANIFEST_UNKNOWN_KEY: &str = "manifest-unknown-key";
/// `type` is neither `extension` nor `lib`.
pub const MANIFEST_BAD_TYPE: &str = "manifest-bad-type";
/// A `dependencies` entry naming no extension in the workspace.
pub const MANIFEST_UNKNOWN_DEPENDENCY: &str = "manifest-unknown-dependency";
/// `extension.yaml` and `extension.json` disagree on a key; loaders read the JSON one.
pub const MANIFEST_MISMATCH: &str = "manifest-mismatch";

// In-script metadata.
/// A metadata global assigned something that is not a literal: the Python loader logs a parse error.
pub const SCRIPT_META_NOT_LITERAL: &str = "script-meta-not-literal";
/// A dict or list global written over several lines: the C# line reader skips it.
pub const SCRIPT_META_MULTILINE: &str = "script-meta-multiline";
/// A metadata global in a bundle that also has a bundle.yaml: the Python loader ignores it.
pub const SCRIPT_META_SHADOWED: &str = "script-meta-shadowed";

// Templates (`{{name}}`, spec §7).
/// `{{name}}` with no definition in scope for any loader that substitutes there: stays literal.
pub const UNKNOWN_TEMPLATE: &str = "unknown-template";
/// `{{name}}` substituted by one loader only (defined for one, or a field only one substitutes).
pub const TEMPLATE_ONE_LOADER: &str = "template-one-loader";
/// `{{name}}` in a field no loader substitutes (`context`, `layout`, a template's own value…).
pub const TEMPLATE_NOT_SUBSTITUTED: &str = "template-not-substituted";
/// `key: {{name}}` without quotes: YAML reads a mapping, not the text.
pub const TEMPLATE_UNQUOTED: &str = "template-unquoted";
/// A `templates:` entry no bundle in its scope uses.
pub const UNUSED_TEMPLATE: &str = "unused-template";
