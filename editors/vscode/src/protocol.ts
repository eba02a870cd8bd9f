// What the extension tells the server: document selector, settings and initializationOptions.
// Kept free of the `vscode` module so the contract test sends exactly the same values.

/** Settings section read by the server through workspace/configuration. */
export const SETTINGS_SECTION = 'pyrevit';

/**
 * Glob patterns of the files the server handles (extension trees only). `bundleSuffixes` are the
 * server's answer to `pyrevit.bundleSuffixes` (`.tab`, `.pushbutton`, …): files inside bundle
 * folders belong to an extension even when it is checked out without its `.extension` suffix.
 */
export function documentPatterns(bundleSuffixes: readonly string[]): string[] {
  const names = bundleSuffixes.map((s) => s.replace(/^\./, '')).filter((s) => /^[A-Za-z0-9_-]+$/.test(s));
  return [
    '**/*.extension/**/*.{yaml,json,py}',
    '**/*.lib/**/*.{yaml,json,py}',
    ...(names.length > 0 ? [`**/*.{${names.join(',')}}/**`] : []),
    '**/extension.{json,yaml}',
    '**/hooks/*.py',
    '**/lib/**/*.py',
  ];
}

/** A document filter as vscode-languageclient takes it. */
export interface DocumentFilter {
  scheme: string;
  pattern: string;
}

export function documentSelector(bundleSuffixes: readonly string[]): DocumentFilter[] {
  return documentPatterns(bundleSuffixes).map((pattern) => ({ scheme: 'file', pattern }));
}

/** The `pyrevit` settings section, as the server reads it. */
export interface PyrevitSettings {
  /** `exclude`: globs of paths that get no diagnostics. */
  diagnostics: { enable: boolean; imports: boolean; exclude: string[] };
  previewLocale: string;
  /** null when unset (an empty string would be a path). */
  pyrevitPath: string | null;
  loader: 'portable' | 'python' | 'csharp';
}

export const DEFAULT_SETTINGS: PyrevitSettings = {
  diagnostics: { enable: true, imports: true, exclude: [] },
  previewLocale: 'en_us',
  pyrevitPath: null,
  loader: 'portable',
};

/** Reads one setting, like vscode.WorkspaceConfiguration.get. */
export type SettingReader = <T>(key: string, fallback: T) => T;

/** The server-side settings (client-only keys such as `server.path` and `trace.server` left out). */
export function readSettings(get: SettingReader): PyrevitSettings {
  const d = DEFAULT_SETTINGS;
  return {
    diagnostics: {
      enable: get('diagnostics.enable', d.diagnostics.enable),
      imports: get('diagnostics.imports', d.diagnostics.imports),
      exclude: get<string[]>('diagnostics.exclude', d.diagnostics.exclude),
    },
    previewLocale: get('previewLocale', d.previewLocale),
    pyrevitPath: get<string>('pyrevitPath', '').trim() || null,
    loader: get('loader', d.loader),
  };
}

/** initializationOptions sent with `initialize`: the same object workspace/configuration returns. */
export function initializationOptions(settings: PyrevitSettings): { pyrevit: PyrevitSettings } {
  return { pyrevit: settings };
}

/** Server commands (workspace/executeCommand). */
export const SERVER_COMMANDS = {
  newHook: 'pyrevit.newHook',
  hookEvents: 'pyrevit.hookEvents',
  bundleSuffixes: 'pyrevit.bundleSuffixes',
  writePyrightConfig: 'pyrevit.writePyrightConfig',
} as const;

/** Languages a hook script may be written in (argument 3 of pyrevit.newHook). */
export const HOOK_LANGUAGES = ['python', 'csharp', 'vb'] as const;

/** One entry of the `pyrevit.hookEvents` answer (the server's knowledge of pyRevit's events). */
export interface HookEventInfo {
  name: string;
  doc: string;
  argsType: string;
  minRevit: number | null;
  takesTarget: boolean;
}
