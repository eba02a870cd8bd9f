// VS Code entry point: starts pyrevit-ls over stdio and registers the pyRevit commands.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { newHook, writePyrightConfig } from './commands';
import { SETTINGS_SECTION, documentSelector, initializationOptions, readSettings } from './protocol';
import { bundleSuffixes } from './serverData';
import { findServer } from './serverPath';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

function settingsFor(scope?: vscode.Uri) {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return readSettings((key, fallback) => config.get(key, fallback));
}

async function createClient(context: vscode.ExtensionContext): Promise<LanguageClient | undefined> {
  const lookup = findServer({
    configured: vscode.workspace.getConfiguration(SETTINGS_SECTION).get('server.path', ''),
    extensionPath: context.extensionPath,
  });
  if (!lookup.found) {
    output.appendLine(lookup.message);
    void vscode.window.showErrorMessage(lookup.message, 'Open Settings').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'pyrevit.server.path');
      }
    });
    return undefined;
  }
  output.appendLine(`Starting ${lookup.path} (${lookup.source})`);
  // The document selector needs the bundle suffixes before the client starts: ask the binary.
  let suffixes: string[] = [];
  try {
    suffixes = await bundleSuffixes(lookup.path);
  } catch (err) {
    output.appendLine(`${err instanceof Error ? err.message : String(err)}; files are matched by *.extension / *.lib only`);
  }
  const serverOptions: ServerOptions = { command: lookup.path, args: ['--stdio'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(suffixes),
    outputChannel: output,
    initializationOptions: () => initializationOptions(settingsFor()),
    synchronize: { configurationSection: SETTINGS_SECTION },
    middleware: {
      workspace: {
        // Answer the `pyrevit` section with the same shape as initializationOptions.pyrevit.
        configuration: (params, token, next) => {
          const items = params.items;
          if (!items.some((i) => i.section === SETTINGS_SECTION)) {
            return next(params, token);
          }
          return items.map((item) =>
            item.section === SETTINGS_SECTION
              ? settingsFor(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : vscode.workspace.getConfiguration(undefined, item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined).get(item.section ?? ''),
          );
        },
      },
    },
  };
  return new LanguageClient('pyrevit', 'pyRevit Language Server', serverOptions, clientOptions);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  client = await createClient(context);
  await client?.start();
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  const old = client;
  client = undefined;
  await old?.dispose();
  await start(context);
}

function withClient(run: (c: LanguageClient) => Promise<void>): () => Promise<void> {
  return async () => {
    if (!client || !client.isRunning()) {
      void vscode.window.showErrorMessage('pyRevit: the language server is not running. See "pyRevit: Show Server Log".');
      return;
    }
    try {
      await run(client);
    } catch (err) {
      void vscode.window.showErrorMessage(`pyRevit: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('pyRevit Language Server');
  // VS Code command ids differ from the server's (pyrevit.newHook, pyrevit.writePyrightConfig):
  // vscode-languageclient registers those itself from the server's executeCommandProvider.
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('pyrevit.restartServer', () => restart(context)),
    vscode.commands.registerCommand('pyrevit.showLog', () => output.show(true)),
    vscode.commands.registerCommand('pyrevit.client.newHook', withClient(newHook)),
    vscode.commands.registerCommand('pyrevit.client.writePyrightConfig', withClient(writePyrightConfig)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('pyrevit.server.path')) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
  client = undefined;
}
