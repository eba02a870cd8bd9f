//! The hook event table (`EventUtils.eventNames` in
//! `dev/pyRevitLabs.PyRevit.Runtime/EventHandling.cs`, 52 names). Version gates come from the
//! `#if !(REVIT2013 || …)` blocks of `EventUtils.ToggleHooks` in the same file.

use super::{HookEvent, HookGroup};
use HookGroup::*;

const fn ev(
    name: &'static str,
    group: HookGroup,
    args_type: &'static str,
    min_revit: u32,
    doc: &'static str,
) -> HookEvent {
    HookEvent { name, group, args_type, min_revit, takes_target: false, doc }
}

const fn cmd(name: &'static str, args_type: &'static str, doc: &'static str) -> HookEvent {
    HookEvent { name, group: Command, args_type, min_revit: 0, takes_target: true, doc }
}

#[rustfmt::skip]
pub const HOOK_EVENTS: &[HookEvent] = &[
    ev("app-init", Application, "ApplicationInitializedEventArgs", 0, "Revit finished starting up (fires only if the hook is registered before start-up completes)."),
    ev("app-closing", Application, "ApplicationClosingEventArgs", 0, "Revit is about to close."),
    ev("app-idling", Application, "IdlingEventArgs", 0, "Revit is idle. Fires very often: keep the script fast."),
    ev("dialog-showing", Dialogs, "DialogBoxShowingEventArgs", 2017, "A Revit dialog or message box is about to be shown; the script may dismiss it with `OverrideResult`."),
    ev("options-showing", Dialogs, "DisplayingOptionsDialogEventArgs", 0, "The Revit Options dialog is about to be shown; pages may be added."),
    ev("doc-changed", Document, "DocumentChangedEventArgs", 0, "A transaction changed a document (elements added, modified or deleted)."),
    ev("doc-closed", Document, "DocumentClosedEventArgs", 0, "A document was closed."),
    ev("doc-closing", Document, "DocumentClosingEventArgs", 0, "A document is about to close (cancellable)."),
    ev("doc-created", Document, "DocumentCreatedEventArgs", 0, "A new document was created."),
    ev("doc-creating", Document, "DocumentCreatingEventArgs", 0, "A new document is about to be created."),
    ev("doc-opened", Document, "DocumentOpenedEventArgs", 0, "A document was opened."),
    ev("doc-opening", Document, "DocumentOpeningEventArgs", 0, "A document is about to be opened (cancellable)."),
    ev("doc-printed", Document, "DocumentPrintedEventArgs", 0, "A document finished printing."),
    ev("doc-printing", Document, "DocumentPrintingEventArgs", 0, "A document is about to be printed (cancellable)."),
    ev("doc-saved", Document, "DocumentSavedEventArgs", 0, "A document was saved."),
    ev("doc-saving", Document, "DocumentSavingEventArgs", 0, "A document is about to be saved (cancellable)."),
    ev("doc-saved-as", Document, "DocumentSavedAsEventArgs", 0, "A document was saved under a new name."),
    ev("doc-saving-as", Document, "DocumentSavingAsEventArgs", 0, "A document is about to be saved under a new name (cancellable)."),
    ev("doc-synced", Document, "DocumentSynchronizedWithCentralEventArgs", 0, "A workshared document finished synchronizing with central."),
    ev("doc-syncing", Document, "DocumentSynchronizingWithCentralEventArgs", 0, "A workshared document is about to synchronize with central (cancellable)."),
    ev("doc-worksharing-enabled", Document, "DocumentWorksharingEnabledEventArgs", 2017, "Worksharing was enabled in a document."),
    ev("dock-focus-changed", Docking, "DockableFrameFocusChangedEventArgs", 2015, "A dockable pane gained or lost focus."),
    ev("dock-visibility-changed", Docking, "DockableFrameVisibilityChangedEventArgs", 2015, "A dockable pane was shown or hidden."),
    ev("fabparts-browser-changed", Docking, "FabricationPartBrowserChangedEventArgs", 2017, "The MEP Fabrication Parts browser changed."),
    ev("failure-processing", Failures, "FailuresProcessingEventArgs", 0, "Revit is processing warnings and errors at the end of a transaction; the script may resolve them."),
    ev("family-loaded", Failures, "FamilyLoadedIntoDocumentEventArgs", 2015, "A family was loaded into a document."),
    ev("family-loading", Failures, "FamilyLoadingIntoDocumentEventArgs", 2015, "A family is about to be loaded into a document (cancellable)."),
    ev("file-exported", Files, "FileExportedEventArgs", 0, "A document was exported (DWG, IFC, …)."),
    ev("file-exporting", Files, "FileExportingEventArgs", 0, "A document is about to be exported (cancellable)."),
    ev("file-imported", Files, "FileImportedEventArgs", 0, "A file was imported into a document."),
    ev("file-importing", Files, "FileImportingEventArgs", 0, "A file is about to be imported (cancellable)."),
    ev("formula-editing", Misc, "FormulaEditingEventArgs", 2019, "A family parameter formula is being edited."),
    ev("link-opened", Misc, "LinkedResourceOpenedEventArgs", 2018, "A linked resource (e.g. a Revit link) was opened."),
    ev("link-opening", Misc, "LinkedResourceOpeningEventArgs", 2018, "A linked resource is about to be opened."),
    ev("progress-changed", Misc, "ProgressChangedEventArgs", 0, "Revit's progress bar changed. Fires very often."),
    ev("transferred-project-standards", ProjectStandards, "TransferredProjectStandardsEventArgs", 2018, "Transfer Project Standards finished."),
    ev("transferring-project-standards", ProjectStandards, "TransferringProjectStandardsEventArgs", 2018, "Transfer Project Standards is about to run; items may be added."),
    ev("type-duplicated", Types, "ElementTypeDuplicatedEventArgs", 2015, "An element type was duplicated."),
    ev("type-duplicating", Types, "ElementTypeDuplicatingEventArgs", 2015, "An element type is about to be duplicated."),
    ev("view-activated", Views, "ViewActivatedEventArgs", 0, "A view became the active view."),
    ev("view-activating", Views, "ViewActivatingEventArgs", 0, "A view is about to become active."),
    ev("view-exported", Views, "ViewExportedEventArgs", 2018, "A view was exported."),
    ev("view-exporting", Views, "ViewExportingEventArgs", 2018, "A view is about to be exported."),
    ev("view-printed", Views, "ViewPrintedEventArgs", 0, "A view finished printing."),
    ev("view-printing", Views, "ViewPrintingEventArgs", 0, "A view is about to be printed."),
    ev("worksharing-ops-progress-changed", Worksharing, "WorksharedOperationProgressChangedEventArgs", 2018, "Progress of a worksharing operation (sync, reload latest, …) changed."),
    cmd("command-before-exec", "BeforeExecutedEventArgs", "The `[COMMAND_ID]` Revit command is about to run (cancellable). Needs a target: without one the hook never runs."),
    cmd("command-can-exec", "CanExecuteEventArgs", "Revit asks whether the `[COMMAND_ID]` command is available. Needs a target: without one nothing is registered."),
    cmd("command-exec", "ExecutedEventArgs", "Replaces the `[COMMAND_ID]` command: the hook runs instead of it. Needs a target: without one nothing is registered."),
    ev("journal-updated", PyRevit, "JournalUpdateArgs", 0, "pyRevit's journal listener saw a new journal line. Runs off Revit's main thread: do not touch the Revit API."),
    ev("journal-command-exec", PyRevit, "CommandExecutedArgs", 0, "pyRevit's journal listener saw a command run. Runs off Revit's main thread: do not touch the Revit API."),
    ev("doc-updater", PyRevit, "UpdaterData", 0, "pyRevit's dynamic updater saw elements change in a transaction (any category)."),
];
