// The Windows test leg: pyrevit-ls.exe under Wine, driven over stdio with the URIs Windows editors
// send (VS Code `file:///c%3A/Users/…`, Neovim and Helix `file:///C:/Users/…`), and `check`
// through `Z:\` paths. Run by tests/windows/run.sh, which sets up the chroot, Wine prefix and binaries:
//   WIN_CHROOT   host path of the Debian chroot holding Wine
//   WIN_EXE      chroot path of pyrevit-ls.exe
//   WIN_HOME     host path of the folder Wine sees as C:\Users\tester
//   LINUX_BIN    the native Linux build (its `check` output is the reference)
//   FIXTURES     host path of tests/fixtures; WIN_FIXTURES: chroot copies of it, `:`-separated
//   WIN_EXIT_LOG (optional) a file each server's exit is appended to, one JSON line (code, signal,
//                ms after `exit`), for looping the LSP suites: `node --test
//                --test-name-pattern='LSP under Wine' tests/windows/lsp.test.mjs` with the above set
// No dependencies beyond Node: a minimal Content-Length framed JSON-RPC client.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';

const CHROOT = need('WIN_CHROOT');
const EXE = need('WIN_EXE');
const HOME = need('WIN_HOME');
const TIMEOUT = 60_000;

function need(name) {
  const v = process.env[name];
  assert.ok(v, `${name} must be set (see tests/windows/run.sh)`);
  return v;
}

/** Runs a command inside the chroot under Wine. */
function wineArgs(cwd, args) {
  const script = 'cd "$1" && shift && exec wine "$@"';
  return [
    CHROOT,
    '/usr/bin/env', '-i', 'HOME=/root', 'PATH=/usr/bin:/bin', 'LANG=C.UTF-8', 'WINEDEBUG=-all',
    'WINEPREFIX=/root/.wine', 'RUST_LOG=warn',
    '/bin/sh', '-c', script, 'sh', cwd, EXE, ...args,
  ];
}

// ---------------------------------------------------------------------------------------------
// `check` under Wine reports what the Linux build reports, through Windows paths.

describe('check under Wine', () => {
  const fixtures = process.env.FIXTURES;
  const copies = (process.env.WIN_FIXTURES || '').split(':').filter(Boolean);

  const linux = spawnSync(need('LINUX_BIN'), ['check', '--format', 'json', '.'], { cwd: fixtures, encoding: 'utf8' });
  const expected = JSON.parse(linux.stdout);

  for (const copy of copies) {
    test(`same diagnostics as Linux from Z:${copy.replaceAll('/', '\\')}`, () => {
      const winPath = 'Z:' + copy.replaceAll('/', '\\');
      const run = spawnSync('chroot', wineArgs(copy, ['check', '--format', 'json', winPath]), {
        encoding: 'utf8',
        timeout: TIMEOUT,
      });
      assert.equal(run.status, linux.status, `exit code; stderr: ${run.stderr}`);
      const got = JSON.parse(run.stdout);
      assert.ok(expected.length > 20, `the reference run reports plenty (${expected.length})`);
      assert.deepEqual(got, expected);
    });
  }

  test('`schema` under Wine prints what the Linux build prints', () => {
    const run = spawnSync('chroot', wineArgs('/', ['schema']), { encoding: 'utf8', timeout: TIMEOUT });
    assert.equal(run.status, 0, run.stderr);
    const native = spawnSync(need('LINUX_BIN'), ['schema'], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(run.stdout), JSON.parse(native.stdout));
  });
});

// ---------------------------------------------------------------------------------------------
// A small LSP client.

class Client {
  constructor(caps) {
    this.caps = caps;
    this.child = spawn('chroot', wineArgs('/', []), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.buf = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.inbox = [];
    this.waiters = [];
    this.child.stdout.on('data', (d) => this.onData(d));
  }

  onData(chunk) {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const header = this.buf.subarray(0, end).toString('ascii');
      const len = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buf.length < end + 4 + len) return;
      const msg = JSON.parse(this.buf.subarray(end + 4, end + 4 + len).toString('utf8'));
      this.buf = this.buf.subarray(end + 4 + len);
      this.dispatch(msg);
    }
  }

  dispatch(msg) {
    if (msg.id !== undefined && msg.method) {
      // A server → client request: answer as an editor would.
      let result = null;
      if (msg.method === 'workspace/configuration') result = msg.params.items.map(() => null);
      if (msg.method === 'workspace/applyEdit') result = { applied: false };
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (p) msg.error ? p.reject(new Error(JSON.stringify(msg.error))) : p.resolve(msg.result);
      return;
    }
    this.inbox.push(msg);
    this.waiters = this.waiters.filter((w) => !w.check());
  }

  send(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return this.timed(method, new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    }));
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  timed(what, promise) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out: ${what}; stderr: ${this.stderr.slice(-2000)}`)), TIMEOUT);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  /** The next notification matching `pred` (consumed). */
  waitFor(what, pred) {
    return this.timed(what, new Promise((resolve) => {
      const w = {
        check: () => {
          const i = this.inbox.findIndex(pred);
          if (i < 0) return false;
          resolve(this.inbox.splice(i, 1)[0]);
          return true;
        },
      };
      if (!w.check()) this.waiters.push(w);
    }));
  }

  /** Diagnostics published under exactly `uri` (a string compare, as VS Code and Neovim do). */
  async diagnostics(uri, pred = () => true) {
    const m = await this.waitFor(`diagnostics for ${uri}`, (m) =>
      m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && pred(m.params));
    return m.params;
  }

  open(uri, languageId, text) {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** `shutdown`, `exit`; then how the process ended: Node's exit code and signal, and when. */
  async close() {
    await this.request('shutdown', null);
    const sent = performance.now();
    this.notify('exit', null);
    const [code, signal] = await this.timed('exit', new Promise((resolve) => this.child.on('exit', (...a) => resolve(a))));
    return { code, signal, ms: Math.round(performance.now() - sent) };
  }
}

/**
 * The wineserver's kill of a process that has already exited: once a process has closed its
 * connection to the wineserver (the last step of ExitProcess, after the program's last
 * instruction, with its exit code recorded), the wineserver looks every 1/64 s, doubling, whether
 * the Unix process is gone, and sends SIGKILL if it is still there 31/64 s later (Wine's
 * server/process.c, process_sigkill). A process stalled that long in its last system calls (a
 * loaded machine) so ends by SIGKILL although it exited with 0; Windows has nothing like it. Only
 * that is let through: SIGKILL, no earlier than 31/64 s after `exit` was sent. Anything else fails:
 * an earlier SIGKILL, another signal (a thread ending while the process exited made Wine's signal
 * handler crash the process with SIGSEGV: server/src/lsp/stdio.rs), a non-zero code (an exe that
 * crashes under Wine ends with a code, not a signal).
 */
const WINE_SIGKILL_MS = (31 / 64) * 1000;

function assertExited(style, end, stderr) {
  if (process.env.WIN_EXIT_LOG) fs.appendFileSync(process.env.WIN_EXIT_LOG, JSON.stringify({ style, ...end }) + '\n');
  if (end.code === null && end.signal === 'SIGKILL' && end.ms >= WINE_SIGKILL_MS) {
    console.log(`# ${style}: the wineserver killed the server ${end.ms} ms after \`exit\` (a Wine artefact, accepted)`);
    return;
  }
  assert.deepEqual({ code: end.code, signal: end.signal }, { code: 0, signal: null },
    `the server's exit ${JSON.stringify(end)} after \`exit\`; stderr: ${stderr.slice(-4000) || '(none)'}`);
}

// ---------------------------------------------------------------------------------------------
// URIs the way each editor writes them, and the fixture extension.

const UNRESERVED = /[A-Za-z0-9\-._~]/;
function encodeSegment(s, keep = '') {
  let out = '';
  for (const ch of s) {
    if (UNRESERVED.test(ch) || keep.includes(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const vscodeUri = (win) => {
  const [drive, ...rest] = win.split('\\');
  return `file:///${drive[0].toLowerCase()}%3A/${rest.map((s) => encodeSegment(s)).join('/')}`;
};
const driveUri = (win) => {
  const [drive, ...rest] = win.split('\\');
  return `file:///${drive}/${rest.map((s) => encodeSegment(s)).join('/')}`;
};

/** Clients: how they write URIs, and whether they watch files for the server. */
const STYLES = {
  // vscode-uri: lower-case drive letter, `:` percent-encoded.
  vscode: { toUri: vscodeUri, watches: true },
  // vim.uri_from_fname on Windows: `file:///C:/…`; Neovim watches files for the server.
  neovim: { toUri: driveUri, watches: true },
  // Helix writes `file:///C:/…` too and does not watch: the server's own watcher (notify) runs.
  helix: { toUri: driveUri, watches: false },
};

/** The Windows path of a `file:` URI, whatever its spelling (drive letter upper-cased). */
function winPathOf(uri) {
  const m = /^file:\/\/\/([A-Za-z])(?::|%3A)\/(.*)$/i.exec(uri);
  assert.ok(m, `a Windows file URI: ${uri}`);
  return `${m[1].toUpperCase()}:\\${decodeURIComponent(m[2]).replaceAll('/', '\\')}`;
}

const CRLF = (s) => s.replaceAll('\n', '\r\n');
const LONG = ['A'.repeat(70) + '.tab', 'B'.repeat(70) + '.panel', 'C'.repeat(70) + '.pushbutton'];

/** Files of the test extension (relative, `/`-separated) → text. CRLF, `Lib/`, `.Panel`, long paths. */
const FILES = {
  'Tools.extension/extension.json': '{"name": "Tools", "templates": {"docs": "https://d/"}}\n',
  'Tools.extension/Tools.tab/bundle.yaml': CRLF('youtube: https://yt/\n'),
  'Tools.extension/Tools.tab/Main.Panel/Go.pushbutton/bundle.yaml': CRLF(
    "title: 'Go {{youtube}}'\ntooltip: 'see {{you'\nauthor: 'me'\nhighlight: blinking\n",
  ),
  'Tools.extension/Tools.tab/Main.Panel/Go.pushbutton/script.py': CRLF('import extutil\nfrom extutil import ext_helper\n'),
  'Tools.extension/Lib/extutil.py': CRLF('"""Help with x."""\n\n\ndef ext_helper():\n    return 1\n'),
  'Tools.extension/hooks/my-doc-opened.py': 'from pyrevit import EXEC_PARAMS\n',
  [`Tools.extension/${LONG.join('/')}/bundle.yaml`]: CRLF('title: Deep\nhighlight: blinking\n'),
  [`Tools.extension/${LONG.join('/')}/script.py`]: 'print(1)\n',
};

function pos(text, needle, delta = 0) {
  const off = text.indexOf(needle);
  assert.ok(off >= 0, `${needle} in text`);
  const at = off + delta;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

function capabilities(watches) {
  return {
    general: { positionEncodings: ['utf-16'] },
    window: { workDoneProgress: true },
    workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: watches } },
    textDocument: {
      publishDiagnostics: { relatedInformation: true, versionSupport: true },
      completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
      hover: { contentFormat: ['markdown', 'plaintext'] },
    },
  };
}

for (const [style, { toUri, watches }] of Object.entries(STYLES)) {
  describe(`LSP under Wine with ${style} URIs`, () => {
    // A folder with spaces and non-ASCII names, under C:\Users\tester.
    const wsName = `Outils ${style} Équipe 文件`;
    const hostWs = path.join(HOME, wsName);
    const winWs = `C:\\Users\\tester\\${wsName}`;
    const win = (rel) => `${winWs}\\${rel.replaceAll('/', '\\')}`;
    const uri = (rel) => toUri(win(rel));
    const text = (rel) => FILES[rel];
    const GO = 'Tools.extension/Tools.tab/Main.Panel/Go.pushbutton/bundle.yaml';
    const SCRIPT = 'Tools.extension/Tools.tab/Main.Panel/Go.pushbutton/script.py';
    const TAB = 'Tools.extension/Tools.tab/bundle.yaml';
    const LIB = 'Tools.extension/Lib/extutil.py';
    const HOOK = 'Tools.extension/hooks/my-doc-opened.py';
    const DEEP = `Tools.extension/${LONG.join('/')}/bundle.yaml`;
    let c;

    before(async () => {
      fs.rmSync(hostWs, { recursive: true, force: true });
      for (const [rel, body] of Object.entries(FILES)) {
        fs.mkdirSync(path.dirname(path.join(hostWs, rel)), { recursive: true });
        fs.writeFileSync(path.join(hostWs, rel), body);
      }
      assert.ok(win(DEEP).length > 260, `the deep path has ${win(DEEP).length} characters`);
      c = new Client();
      const init = await c.request('initialize', {
        processId: null,
        rootUri: null,
        capabilities: capabilities(watches),
        workspaceFolders: [{ uri: toUri(winWs), name: wsName }],
      });
      assert.equal(init.serverInfo.name, 'pyrevit-ls');
      c.notify('initialized', {});
    });

    after(async () => {
      if (c) assertExited(style, await c.close(), c.stderr);
    });

    test('diagnostics of an open CRLF bundle.yaml come back under the client URI, right line', async () => {
      c.open(uri(GO), 'yaml', text(GO));
      const d = await c.diagnostics(uri(GO), (p) => p.version === 1);
      const bad = d.diagnostics.find((x) => x.range.start.line === 3);
      assert.ok(bad, JSON.stringify(d.diagnostics));
      assert.equal(bad.range.start.character, 'highlight: '.length, 'columns do not count \\r');
      assert.equal(bad.range.end.line, 3);
    });

    test('completion inside {{…}} offers the tab template', async () => {
      const res = await c.request('textDocument/completion', {
        textDocument: { uri: uri(GO) },
        position: pos(text(GO), "{{you'", 5),
      });
      const items = res.items ?? res;
      const yt = items.find((i) => i.label === 'youtube');
      assert.ok(yt, JSON.stringify(items.map((i) => i.label)));
      assert.equal(yt.detail, 'https://yt/');
    });

    test('hover on a key', async () => {
      const res = await c.request('textDocument/hover', { textDocument: { uri: uri(GO) }, position: { line: 2, character: 2 } });
      assert.ok(res && JSON.stringify(res.contents).length > 20, JSON.stringify(res));
    });

    test('template definition lands in the tab bundle.yaml; rename edits both files', async () => {
      const at = { textDocument: { uri: uri(GO) }, position: pos(text(GO), '{{youtube}}', 4) };
      const defs = await c.request('textDocument/definition', at);
      const loc = Array.isArray(defs) ? defs[0] : defs;
      assert.equal(winPathOf(loc.uri), win(TAB));
      assert.deepEqual(loc.range.start, { line: 0, character: 0 });
      const edit = await c.request('textDocument/rename', { ...at, newName: 'video' });
      const dump = JSON.stringify(edit);
      assert.equal(dump.match(/"video"/g)?.length, 2, dump);
      const uris = (edit.documentChanges ?? []).map((e) => e.textDocument?.uri).concat(Object.keys(edit.changes ?? {}));
      assert.ok(uris.includes(uri(GO)), `the open document under its client URI: ${uris}`);
      assert.ok(uris.some((u) => winPathOf(u) === win(TAB)), `the tab bundle.yaml: ${uris}`);
    });

    test('definition of an import goes into Lib/, under the client URI once that file is open', async () => {
      c.open(uri(SCRIPT), 'python', text(SCRIPT));
      const at = { textDocument: { uri: uri(SCRIPT) }, position: pos(text(SCRIPT), 'ext_helper') };
      let defs = await c.request('textDocument/definition', at);
      assert.equal(winPathOf(defs[0].uri), win(LIB), JSON.stringify(defs));
      assert.equal(defs[0].range.start.line, 3);
      c.open(uri(LIB), 'python', text(LIB));
      await c.diagnostics(uri(LIB));
      defs = await c.request('textDocument/definition', at);
      assert.equal(defs[0].uri, uri(LIB));
    });

    test('a badly named hook: diagnostic and rename quick fix under the client URI', async () => {
      c.open(uri(HOOK), 'python', text(HOOK));
      const d = await c.diagnostics(uri(HOOK), (p) => p.diagnostics.length > 0);
      const diag = d.diagnostics.find((x) => x.code === 'unknown-hook-event');
      assert.ok(diag, JSON.stringify(d));
      const actions = await c.request('textDocument/codeAction', {
        textDocument: { uri: uri(HOOK) },
        range: diag.range,
        context: { diagnostics: [diag] },
      });
      const fix = actions.find((a) => a.kind === 'quickfix');
      assert.ok(fix, JSON.stringify(actions));
      const [rename] = fix.edit.documentChanges;
      assert.equal(rename.kind, 'rename');
      assert.equal(rename.oldUri, uri(HOOK));
      assert.equal(winPathOf(rename.newUri), win('Tools.extension/hooks/doc-opened.py'));
    });

    test('a path over 260 characters: diagnostics under the client URI, hover', async () => {
      c.open(uri(DEEP), 'yaml', text(DEEP));
      const d = await c.diagnostics(uri(DEEP), (p) => p.version === 1);
      assert.ok(d.diagnostics.some((x) => x.range.start.line === 1), JSON.stringify(d));
      const res = await c.request('textDocument/hover', { textDocument: { uri: uri(DEEP) }, position: { line: 0, character: 1 } });
      assert.ok(res, 'hover answers');
    });

    test(`a bundle created on disk is indexed (${watches ? 'the client' : 'the server'} watches)`, async () => {
      const rel = 'Tools.extension/Tools.tab/Fresh.Panel/New.pushbutton';
      fs.mkdirSync(path.join(hostWs, rel), { recursive: true });
      fs.writeFileSync(path.join(hostWs, rel, 'script.py'), 'print(2)\n');
      fs.writeFileSync(path.join(hostWs, rel, 'bundle.yaml'), CRLF('title: New\nhighlight: blinking\n'));
      if (watches) {
        c.notify('workspace/didChangeWatchedFiles', {
          changes: [
            { uri: uri(rel), type: 1 },
            { uri: uri(`${rel}/script.py`), type: 1 },
            { uri: uri(`${rel}/bundle.yaml`), type: 1 },
          ],
        });
      }
      const m = await c.waitFor('diagnostics of the new bundle.yaml', (m) =>
        m.method === 'textDocument/publishDiagnostics' && winPathOf(m.params.uri) === win(`${rel}/bundle.yaml`));
      assert.ok(m.params.diagnostics.some((x) => x.range.start.line === 1), JSON.stringify(m.params));
    });
  });
}
