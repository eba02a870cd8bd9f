// The interactive commands: they gather arguments with pickers, run the server command and apply
// the WorkspaceEdit it returns. The server never writes files itself.
import * as path from 'path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, WorkspaceEdit } from 'vscode-languageclient/node';
import { extensionRootOf } from './extensionRoot';
import { HOOK_LANGUAGES, HookEventInfo, SERVER_COMMANDS } from './protocol';

/** Runs a server command and applies the WorkspaceEdit it answers; opens the first file touched. */
async function runEditCommand(client: LanguageClient, command: string, args: unknown[]): Promise<void> {
  const result = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  if (!result || typeof result !== 'object') {
    void vscode.window.showWarningMessage(`pyRevit: the server returned no edit for ${command}.`);
    return;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result as WorkspaceEdit);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`pyRevit: the edit from ${command} could not be applied.`);
    return;
  }
  const touched = edit.entries().map(([uri]) => uri);
  for (const uri of touched) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    await doc?.save();
  }
  if (touched.length > 0) {
    await vscode.window.showTextDocument(touched[0]);
  }
}

/** Extension roots seen in the workspace, the active editor's first. */
async function extensionRoots(): Promise<string[]> {
  const roots = new Set<string>();
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeRoot = active?.scheme === 'file' ? extensionRootOf(active.fsPath) : undefined;
  if (activeRoot) {
    roots.add(activeRoot);
  }
  const files = await vscode.workspace.findFiles(
    '**/{*.extension/*,*.tab/*,extension.json,extension.yaml,hooks/*}',
    '**/{node_modules,.git,.venv,venv}/**',
    2000,
  );
  for (const file of files) {
    const root = extensionRootOf(file.fsPath);
    if (root) {
      roots.add(root);
    }
  }
  return [...roots];
}

async function pickExtensionRoot(): Promise<string | undefined> {
  const roots = await extensionRoots();
  const browse = '$(folder-opened) Browse…';
  const items = [
    ...roots.map((r) => ({ label: path.basename(r), description: r, root: r })),
    { label: browse, description: '', root: '' },
  ];
  const picked =
    roots.length === 1
      ? items[0]
      : await vscode.window.showQuickPick(items, { title: 'New hook: extension', placeHolder: 'Extension folder' });
  if (!picked) {
    return undefined;
  }
  if (picked.root) {
    return picked.root;
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    openLabel: 'Use as extension',
  });
  return chosen?.[0]?.fsPath;
}

export async function newHook(client: LanguageClient): Promise<void> {
  const root = await pickExtensionRoot();
  if (!root) {
    return;
  }
  // The event list comes from the server, so pyRevit's events are known in one place only.
  const events = (await client.sendRequest(ExecuteCommandRequest.type, {
    command: SERVER_COMMANDS.hookEvents,
    arguments: [],
  })) as HookEventInfo[] | null;
  const picked = await vscode.window.showQuickPick(
    (events ?? []).map((e) => ({
      label: e.name,
      description: e.minRevit ? `Revit ${e.minRevit}+` : undefined,
      detail: e.doc,
    })),
    { title: 'New hook: event', placeHolder: 'Event the hook script runs on', matchOnDetail: true },
  );
  if (!picked) {
    return;
  }
  const event = picked.label;
  const language = await vscode.window.showQuickPick([...HOOK_LANGUAGES], {
    title: 'New hook: language',
    placeHolder: 'Language of the hook script',
  });
  if (!language) {
    return;
  }
  await runEditCommand(client, SERVER_COMMANDS.newHook, [root, event, language]);
}

export async function writePyrightConfig(client: LanguageClient): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder =
    folders.length <= 1
      ? folders[0]
      : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to write pyrightconfig.json in' });
  if (!folder) {
    if (folders.length === 0) {
      void vscode.window.showWarningMessage('pyRevit: open a folder first.');
    }
    return;
  }
  await runEditCommand(client, SERVER_COMMANDS.writePyrightConfig, [folder.uri.fsPath]);
}
