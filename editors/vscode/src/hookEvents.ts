// Hook event names offered by "pyRevit: New Hook Script…" (pyrevit-spec §6, EventUtils.eventNames).
// The server validates the name again when it builds the edit.
// TODO: take this list from the server once it exposes it, so the knowledge lives in one place.
export const HOOK_EVENTS: readonly string[] = [
  'app-init', 'app-closing', 'app-idling',
  'dialog-showing', 'options-showing',
  'doc-changed', 'doc-closed', 'doc-closing', 'doc-created', 'doc-creating', 'doc-opened',
  'doc-opening', 'doc-printed', 'doc-printing', 'doc-saved', 'doc-saving', 'doc-saved-as',
  'doc-saving-as', 'doc-synced', 'doc-syncing', 'doc-worksharing-enabled',
  'dock-focus-changed', 'dock-visibility-changed', 'fabparts-browser-changed',
  'failure-processing', 'family-loaded', 'family-loading',
  'file-exported', 'file-exporting', 'file-imported', 'file-importing',
  'formula-editing', 'link-opened', 'link-opening', 'progress-changed',
  'transferred-project-standards', 'transferring-project-standards',
  'type-duplicated', 'type-duplicating',
  'view-activated', 'view-activating', 'view-exported', 'view-exporting', 'view-printed',
  'view-printing',
  'worksharing-ops-progress-changed',
  'command-before-exec', 'command-can-exec', 'command-exec',
  'journal-updated', 'journal-command-exec', 'doc-updater',
];
