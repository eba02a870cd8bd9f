//! `pyrevit.hookEvents`: the event list for editors' pickers, straight from the knowledge module.

use serde_json::{json, Value};

use crate::knowledge::hooks::HOOK_EVENTS;

/// Every hook event: `{name, doc, argsType, minRevit, takesTarget}`, in the runtime's order.
pub fn hook_events() -> Value {
    Value::Array(
        HOOK_EVENTS
            .iter()
            .map(|e| {
                json!({
                    "name": e.name,
                    "doc": e.doc,
                    "argsType": e.args_type,
                    "minRevit": (e.min_revit > 0).then_some(e.min_revit),
                    "takesTarget": e.takes_target,
                })
            })
            .collect(),
    )
}
