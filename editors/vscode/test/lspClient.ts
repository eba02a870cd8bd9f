// A bare LSP client for the contract test: spawns the real server the way the extension does
// (`<bin> --stdio`), sends the initialize params vscode-languageclient 9 sends for the features
// the extension uses (utf-16 only), and answers server requests like the extension's middleware.
import { ChildProcess, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import {
  ClientCapabilities,
  CompletionItemKind,
  ConfigurationRequest,
  createProtocolConnection,
  InitializeParams,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  WorkspaceFoldersRequest,
} from 'vscode-languageserver-protocol/node';
import { DEFAULT_SETTINGS, PyrevitSettings, SETTINGS_SECTION, initializationOptions } from '../src/protocol';

export const uriOf = (file: string): string => pathToFileURL(file).toString();

/** The capabilities vscode-languageclient 9.0.1 declares, reduced to what pyrevit-ls can use. */
export const CLIENT_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'], markdown: { parser: 'marked', version: '1.1.0' } },
  workspace: {
    applyEdit: true,
    workspaceEdit: {
      documentChanges: true,
      resourceOperations: ['create', 'rename', 'delete'],
      failureHandling: 'textOnlyTransactional',
      normalizesLineEndings: true,
      changeAnnotationSupport: { groupsOnLabel: true },
    },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    executeCommand: { dynamicRegistration: true },
    configuration: true,
    workspaceFolders: true,
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: false,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        insertTextModeSupport: { valueSet: [1, 2] },
        labelDetailsSupport: true,
      },
      insertTextMode: 2,
      completionItemKind: { valueSet: Array.from({ length: 25 }, (_, i) => (i + 1) as CompletionItemKind) },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    definition: { dynamicRegistration: true, linkSupport: true },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] },
      },
      honorsChangeAnnotations: false,
    },
    documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true },
  },
  window: { workDoneProgress: true, showMessage: { messageActionItem: { additionalPropertiesSupport: true } } },
};

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly configurationRequests: unknown[] = [];
  /** What the client answers for the `pyrevit` section; tests may change it. */
  settings: PyrevitSettings = DEFAULT_SETTINGS;
  private waiters: Array<() => void> = [];
  stderr = '';

  private constructor(
    readonly proc: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static start(bin: string, settings: PyrevitSettings = DEFAULT_SETTINGS): TestClient {
    const proc = spawn(bin, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(
      new StreamMessageReader(proc.stdout!),
      new StreamMessageWriter(proc.stdin!),
    );
    const client = new TestClient(proc, connection);
    client.settings = settings;
    proc.stderr!.on('data', (d) => (client.stderr += d.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = client.diagnostics.get(p.uri) ?? [];
      list.push(p);
      client.diagnostics.set(p.uri, list);
      client.waiters.splice(0).forEach((w) => w());
    });
    connection.onRequest(ConfigurationRequest.type, (params) => {
      client.configurationRequests.push(params);
      return params.items.map((i) => (i.section === SETTINGS_SECTION ? client.settings : null));
    });
    connection.onRequest(RegistrationRequest.type, () => null);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
    connection.onRequest(WorkspaceFoldersRequest.type, () => null);
    connection.listen();
    return client;
  }

  initialize(folders: string[], settings: PyrevitSettings = DEFAULT_SETTINGS): Promise<InitializeResult> {
    const folder = folders[0];
    const params: InitializeParams = {
      processId: process.pid,
      clientInfo: { name: 'Visual Studio Code', version: '1.82.0' },
      locale: 'en',
      rootPath: folder,
      rootUri: uriOf(folder),
      capabilities: CLIENT_CAPABILITIES,
      initializationOptions: initializationOptions(settings),
      trace: 'off',
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
    };
    return this.connection.sendRequest('initialize', params) as Promise<InitializeResult>;
  }

  /** Changes the settings the way vscode-languageclient does (synchronize.configurationSection). */
  changeSettings(settings: PyrevitSettings): void {
    this.settings = settings;
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { [SETTINGS_SECTION]: settings } });
  }

  /** Resolves with the first publishDiagnostics for `uri` that satisfies `accept`. */
  async waitForDiagnostics(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10000,
  ): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = (this.diagnostics.get(uri) ?? []).find(accept);
      if (hit) {
        return hit;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no matching publishDiagnostics for ${uri} in ${timeoutMs} ms; got ` +
            JSON.stringify(this.diagnostics.get(uri) ?? []) + `\nserver stderr:\n${this.stderr.slice(-2000)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // The exit code below tells whether the server went away cleanly.
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}
