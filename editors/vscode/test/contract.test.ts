// Contract test: the real pyrevit-ls binary driven with the initialize params and settings the
// VS Code extension sends (utf-16 only), over stdio, on the fixture extension.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import {
  CompletionItem,
  CompletionList,
  Diagnostic,
  DiagnosticSeverity,
  InitializeResult,
  Location,
  LocationLink,
} from 'vscode-languageserver-protocol/node';
import { DEFAULT_SETTINGS, SERVER_COMMANDS } from '../src/protocol';
import { bundleSuffixes } from '../src/serverData';
import { BROKEN, EXAMPLE, EXAMPLE_WORKSPACE, SERVER_BIN } from './fixture';
import { TestClient, uriOf } from './lspClient';

const BROKEN_PANEL = path.join(BROKEN, 'Broken.tab/Tools.panel');
const BASICS = path.join(EXAMPLE, 'Example.tab/Basics.panel');
const SPECIAL = path.join(EXAMPLE, 'Example.tab/Special.panel');

let client: TestClient;
let init: InitializeResult;

function open(file: string, text = fs.readFileSync(file, 'utf8')): string {
  const uri = uriOf(file);
  client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: file.endsWith('.py') ? 'python' : 'yaml', version: 1, text },
  });
  return uri;
}

const errors = (diags: Diagnostic[]) => diags.filter((d) => d.severity === DiagnosticSeverity.Error);

before(async () => {
  assert.ok(fs.existsSync(SERVER_BIN), `server binary ${SERVER_BIN} missing: run cargo build or set PYREVIT_LS_BIN`);
  client = TestClient.start(SERVER_BIN);
  init = await client.initialize([EXAMPLE_WORKSPACE, BROKEN]);
  await client.connection.sendNotification('initialized', {});
});

after(async () => {
  const code = await client.stop();
  assert.equal(code, 0, `server exit code after shutdown/exit; stderr:\n${client.stderr}`);
});

test('initialize: utf-16 (the only encoding offered), incremental sync, server info', () => {
  const caps = init.capabilities;
  assert.equal(caps.positionEncoding ?? 'utf-16', 'utf-16');
  assert.equal(init.serverInfo?.name, 'pyrevit-ls');
  const sync = caps.textDocumentSync;
  assert.ok(sync && typeof sync === 'object', 'textDocumentSync options');
  assert.equal(sync.openClose, true);
  assert.equal(sync.change, 2, 'incremental sync');
});

test('the server pulls the pyrevit settings section the extension answers', async () => {
  const deadline = Date.now() + 5000;
  while (client.configurationRequests.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(client.configurationRequests[0], { items: [{ section: 'pyrevit' }] });
});

test('publishDiagnostics: a .nobutton without a script gets missing-script on its bundle.yaml', async () => {
  const uri = open(path.join(BROKEN_PANEL, 'Background.nobutton/bundle.yaml'));
  const p = await client.waitForDiagnostics(uri, (d) => errors(d.diagnostics).length > 0);
  const [err] = errors(p.diagnostics);
  assert.equal(err.code, 'missing-script');
  assert.deepEqual(err.range.start, { line: 0, character: 0 });
  assert.match(err.message, /no script file/);
});

test('publishDiagnostics: a .urlbutton without hyperlink is an error', async () => {
  const uri = open(path.join(BROKEN_PANEL, 'Docs.urlbutton/bundle.yaml'));
  const p = await client.waitForDiagnostics(uri, (d) => errors(d.diagnostics).length > 0, 3000);
  assert.deepEqual(errors(p.diagnostics).map((d) => d.code), ['missing-required-key'], JSON.stringify(p.diagnostics));
});

test('publishDiagnostics: min_revit_version above max_revit_version is an error on the fixture', async () => {
  const uri = open(path.join(BROKEN_PANEL, 'Broken.pushbutton/bundle.yaml'));
  const p = await client.waitForDiagnostics(uri, (d) => errors(d.diagnostics).length > 0, 3000);
  const [err] = errors(p.diagnostics);
  assert.equal(err.code, 'version-range-empty');
  assert.equal(err.source ?? 'pyrevit-ls', 'pyrevit-ls');
  // `max_revit_version: 2020` on line 2: the range is the value.
  assert.deepEqual(err.range, { start: { line: 2, character: 19 }, end: { line: 2, character: 23 } });
});

test('publishDiagnostics: the example extension\'s bundle gets no errors', async () => {
  const uri = open(path.join(BASICS, 'Hello.pushbutton/bundle.yaml'));
  const p = await client.waitForDiagnostics(uri);
  assert.deepEqual(errors(p.diagnostics), []);
});

test('columns are utf-16 code units', async () => {
  // 😀 is 2 utf-16 units and 4 utf-8 bytes. The syntax error ends after the closing quote:
  // utf-16 column 13 (utf-8 would say 17). JS string indices are utf-16 units.
  const text = 'title: "😀😀" ]\ntooltip: a\n';
  const uri = open(path.join(SPECIAL, 'Docs.urlbutton/bundle.yaml'), text);
  const p = await client.waitForDiagnostics(uri, (d) => errors(d.diagnostics).length > 0);
  const err = errors(p.diagnostics).find((d) => d.code === 'yaml-syntax');
  assert.ok(err, JSON.stringify(p.diagnostics));
  assert.deepEqual(err.range, { start: { line: 0, character: 0 }, end: { line: 0, character: text.indexOf(' ]') } });
});

test('definition: an import in script.py goes to the module in the panel\'s lib/', async () => {
  const script = path.join(BASICS, 'Hello.pushbutton/script.py');
  const text = fs.readFileSync(script, 'utf8');
  const uri = open(script, text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith('from panel_helpers import'));
  assert.ok(line >= 0, 'fixture imports panel_helpers');
  const result = (await client.connection.sendRequest('textDocument/definition', {
    textDocument: { uri },
    position: { line, character: 'from panel'.length },
  })) as Location | Location[] | LocationLink[] | null;
  const first = Array.isArray(result) ? result[0] : result;
  const target = first && ('targetUri' in first ? first.targetUri : first.uri);
  assert.equal(target, uriOf(path.join(BASICS, 'lib/panel_helpers.py')));
  const p = await client.waitForDiagnostics(uri);
  assert.deepEqual(errors(p.diagnostics), [], 'the example script has no errors');
});

test('settings: pyrevit.diagnostics.imports=false, pulled after didChangeConfiguration, drops import warnings', async () => {
  const text = 'from panel_helpers import nope\n';
  const uri = open(path.join(BASICS, 'Settings.panelbutton/script.py'), text);
  const p = await client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'unresolved-import-name'));
  const warning = p.diagnostics.find((x) => x.code === 'unresolved-import-name')!;
  assert.equal(warning.severity, DiagnosticSeverity.Warning);
  assert.equal(warning.range.start.character, text.indexOf('nope'));
  const before = client.diagnostics.get(uri)!.length;
  try {
    client.changeSettings({ ...DEFAULT_SETTINGS, diagnostics: { ...DEFAULT_SETTINGS.diagnostics, imports: false } });
    await client.waitForDiagnostics(
      uri,
      (d) => client.diagnostics.get(uri)!.indexOf(d) >= before && !d.diagnostics.some((x) => x.code === 'unresolved-import-name'),
    );
  } finally {
    client.changeSettings(DEFAULT_SETTINGS);
  }
});

async function complete(uri: string, line: number, character: number): Promise<CompletionItem[]> {
  const result = (await client.connection.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: { line, character },
  })) as CompletionItem[] | CompletionList | null;
  return Array.isArray(result) ? result : (result?.items ?? []);
}

test('completion: advertised and answered in bundle.yaml', async () => {
  assert.ok(init.capabilities.completionProvider, 'completionProvider advertised');
  const uri = open(path.join(SPECIAL, 'Level.combobox/bundle.yaml'), 'title: Level\ntoo');
  assert.ok(Array.isArray(await complete(uri, 1, 3)));
});

test('completion: bundle.yaml keys', async () => {
  const uri = uriOf(path.join(SPECIAL, 'Level.combobox/bundle.yaml'));
  const labels = (await complete(uri, 1, 3)).map((i) => i.label);
  assert.ok(labels.includes('tooltip'), `labels: ${labels.join(', ')}`);
});

test('publishDiagnostics: unsaved YAML syntax error in an open bundle.yaml', async () => {
  const uri = open(path.join(SPECIAL, 'Desk.content/bundle.yaml'), 'title: Desk\ntooltip: [unclosed\n');
  const p = await client.waitForDiagnostics(uri, (d) => errors(d.diagnostics).length > 0);
  assert.ok(errors(p.diagnostics).some((d) => d.code === 'yaml-syntax'), JSON.stringify(p.diagnostics));
  // Fixing the text in the editor clears it (incremental change over the whole line).
  client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 9 }, end: { line: 1, character: 18 } }, text: '"closed"' }],
  });
  await client.waitForDiagnostics(uri, (d) => d.version === 2 && errors(d.diagnostics).length === 0);
});

/** The text a WorkspaceEdit inserts (all its text edits, in order). */
function insertedText(edit: any): string {
  const fromChanges = Object.values<any[]>(edit?.changes ?? {}).flat();
  const fromDocs = (edit?.documentChanges ?? []).flatMap((c: any) => c.edits ?? []);
  return [...fromChanges, ...fromDocs].map((e) => e.newText).join('');
}

/** Files a WorkspaceEdit creates or edits, as paths. */
function touchedFiles(edit: any): string[] {
  const uris = new Set<string>(Object.keys(edit?.changes ?? {}));
  for (const c of edit?.documentChanges ?? []) {
    uris.add(c.uri ?? c.textDocument?.uri);
  }
  return [...uris].map((u) => decodeURIComponent(new URL(u).pathname));
}

test('executeCommand pyrevit.writePyrightConfig answers an edit and writes nothing', async () => {
  const commands = init.capabilities.executeCommandProvider?.commands ?? [];
  assert.ok(commands.includes(SERVER_COMMANDS.writePyrightConfig), `commands: ${commands}`);
  const edit = await client.connection.sendRequest('workspace/executeCommand', {
    command: SERVER_COMMANDS.writePyrightConfig,
    arguments: [EXAMPLE_WORKSPACE],
  });
  const target = path.join(EXAMPLE_WORKSPACE, 'pyrightconfig.json');
  assert.deepEqual(touchedFiles(edit), [target]);
  assert.equal(fs.existsSync(target), false, 'the server must not write the file itself');
  // The new text: pyright execution environments with pyRevit's search path, relative paths.
  const config = JSON.parse(insertedText(edit));
  const hello = config.executionEnvironments.find(
    (e: { root: string }) => e.root === 'Example.extension/Example.tab/Basics.panel/Hello.pushbutton',
  );
  assert.ok(hello, JSON.stringify(config).slice(0, 500));
  assert.ok(hello.extraPaths.includes('Example.extension/Example.tab/Basics.panel/lib'), hello.extraPaths.join(', '));
});

test('executeCommand pyrevit.hookEvents lists the events the New Hook picker shows', async () => {
  const commands = init.capabilities.executeCommandProvider?.commands ?? [];
  assert.ok(commands.includes(SERVER_COMMANDS.hookEvents), `commands: ${commands}`);
  const events = (await client.connection.sendRequest('workspace/executeCommand', {
    command: SERVER_COMMANDS.hookEvents,
    arguments: [],
  })) as Array<{ name: string; doc: string; takesTarget: boolean }>;
  assert.equal(events.length, 52);
  assert.ok(events.some((e) => e.name === 'doc-opened' && e.doc.length > 0));
  assert.ok(events.some((e) => e.name === 'command-before-exec' && e.takesTarget));
});

test('executeCommand pyrevit.newHook answers an edit creating hooks/<event>.py', async () => {
  const commands = init.capabilities.executeCommandProvider?.commands ?? [];
  assert.ok(commands.includes(SERVER_COMMANDS.newHook), `commands: ${commands}`);
  const edit = await client.connection.sendRequest('workspace/executeCommand', {
    command: SERVER_COMMANDS.newHook,
    arguments: [EXAMPLE, 'doc-closed', 'python'],
  });
  const target = path.join(EXAMPLE, 'hooks/doc-closed.py');
  assert.deepEqual(touchedFiles(edit), [target]);
  assert.equal(fs.existsSync(target), false, 'the server must not write the file itself');
  assert.match(insertedText(edit), /doc-closed/);
});

test('bundle suffixes: the binary answers the same list before start as pyrevit.bundleSuffixes over LSP', async () => {
  const before = await bundleSuffixes(SERVER_BIN);
  assert.ok(before.includes('.pushbutton') && before.includes('.tab') && before.includes('.content'), before.join(' '));
  const overLsp = await client.connection.sendRequest('workspace/executeCommand', {
    command: SERVER_COMMANDS.bundleSuffixes,
    arguments: [],
  });
  assert.deepEqual(overLsp, before);
  const advertised = init.capabilities.executeCommandProvider?.commands ?? [];
  assert.deepEqual([...advertised].sort(), [...Object.values(SERVER_COMMANDS)].sort());
});
