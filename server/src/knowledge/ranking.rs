//! What people usually write, for ordering completion lists (not pyRevit behaviour: an editorial
//! table, kept next to the facts so no feature spells a key or category name).
//! Keys by bundle type follow the `bundle.yaml` files of pyRevit's own extensions and public
//! ones: title and tooltip nearly everywhere, then the keys that define the type.

use super::bundle_types::BundleKind::{self, *};

/// The keys a `bundle.yaml` of `kind` usually has, most frequent first (`None`: the extension
/// root's).
pub fn usual_keys(kind: Option<BundleKind>) -> &'static [&'static str] {
    match kind {
        None => &["layout", "templates", "author"],
        Some(Tab) => &["title", "layout"],
        Some(Panel) => &["title", "layout", "collapsed", "background"],
        Some(Stack) => &["layout"],
        Some(PullDown | SplitButton | SplitPushButton) => &["title", "tooltip", "layout", "author"],
        Some(PushButton) => &["title", "tooltip", "author", "context", "highlight", "min_revit_version"],
        Some(SmartButton | PanelButton | NoButton) => &["title", "tooltip", "author"],
        Some(LinkButton | InvokeButton) => &["title", "tooltip", "assembly", "command_class"],
        Some(UrlButton) => &["title", "tooltip"],
        Some(Content) => &["title", "tooltip", "content", "content_alt"],
        Some(ComboBox) => &["title", "tooltip", "members"],
    }
}

/// Position of `key` among the usual keys of `kind`.
pub fn usual_key_rank(kind: Option<BundleKind>, key: &str) -> Option<usize> {
    usual_keys(kind).iter().position(|k| *k == key)
}

/// Built-in categories tools are most often enabled for (model and documentation elements people
/// select), most common first. Every other category ranks after these, shorter names first.
#[rustfmt::skip]
pub const COMMON_CATEGORIES: &[&str] = &[
    "OST_Walls", "OST_Doors", "OST_Windows", "OST_Rooms", "OST_Sheets", "OST_Views",
    "OST_Floors", "OST_Ceilings", "OST_Roofs", "OST_Columns", "OST_StructuralColumns",
    "OST_StructuralFraming", "OST_StructuralFoundation", "OST_Furniture", "OST_GenericModel",
    "OST_Levels", "OST_Grids", "OST_Stairs", "OST_Railings", "OST_Areas", "OST_Viewports",
    "OST_TextNotes", "OST_Dimensions", "OST_RoomTags", "OST_DoorTags", "OST_CurtainWallPanels",
    "OST_CurtainWallMullions", "OST_PipeCurves", "OST_DuctCurves", "OST_MechanicalEquipment",
    "OST_PlumbingFixtures", "OST_LightingFixtures", "OST_ElectricalFixtures",
    "OST_ElectricalEquipment", "OST_CableTray", "OST_Conduit", "OST_Rebar", "OST_Lines",
    "OST_DetailComponents", "OST_TitleBlocks", "OST_RvtLinks", "OST_Casework",
    "OST_SpecialityEquipment", "OST_Parking", "OST_Topography", "OST_Planting", "OST_Mass",
    "OST_Parts", "OST_Assemblies",
];

/// Position of a category among [`COMMON_CATEGORIES`].
pub fn common_category_rank(name: &str) -> Option<usize> {
    COMMON_CATEGORIES.iter().position(|c| *c == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::categories::builtin_category;
    use crate::knowledge::keys::{applies, bundle_key};

    #[test]
    fn usual_keys_exist_and_apply() {
        let kinds = BundleKind::ALL.iter().copied().map(Some).chain([None]);
        for kind in kinds {
            for k in usual_keys(kind) {
                let (info, alias) = bundle_key(k).unwrap_or_else(|| panic!("{k} is a key"));
                assert!(!alias && applies(info, kind), "{k} applies to {kind:?}");
            }
        }
    }

    #[test]
    fn common_categories_are_builtin_and_walls_come_before_wire() {
        for c in COMMON_CATEGORIES {
            assert_eq!(builtin_category(c), Some(*c));
        }
        assert_eq!(common_category_rank("OST_Walls"), Some(0));
        assert_eq!(common_category_rank("OST_Wire"), None);
    }
}
