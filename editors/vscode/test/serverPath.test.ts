import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { findServer } from '../src/serverPath';

function makeFile(file: string, mode: number): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, mode);
  return file;
}

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pyrevit-ls-lookup-'));
}

test('the setting wins over the bundled binary and PATH', () => {
  const dir = scratch();
  const configured = makeFile(path.join(dir, 'custom/pyrevit-ls'), 0o755);
  makeFile(path.join(dir, 'ext/server/pyrevit-ls'), 0o755);
  const r = findServer({ configured, extensionPath: path.join(dir, 'ext'), envPath: '', platform: 'linux' });
  assert.deepEqual(r, { found: true, path: configured, source: 'setting' });
});

test('a setting pointing nowhere is an error naming the setting, not a silent fallback', () => {
  const dir = scratch();
  makeFile(path.join(dir, 'ext/server/pyrevit-ls'), 0o755);
  const r = findServer({ configured: path.join(dir, 'missing'), extensionPath: path.join(dir, 'ext'), platform: 'linux' });
  assert.equal(r.found, false);
  assert.match(!r.found ? r.message : '', /pyrevit\.server\.path.*missing/);
});

test('the bundled binary comes before PATH', () => {
  const dir = scratch();
  const bundled = makeFile(path.join(dir, 'ext/server/pyrevit-ls'), 0o755);
  makeFile(path.join(dir, 'bin/pyrevit-ls'), 0o755);
  const r = findServer({ configured: '', extensionPath: path.join(dir, 'ext'), envPath: path.join(dir, 'bin'), platform: 'linux' });
  assert.deepEqual(r, { found: true, path: bundled, source: 'bundled' });
});

test('a bundled file without its run bit is skipped for PATH', () => {
  const dir = scratch();
  makeFile(path.join(dir, 'ext/server/pyrevit-ls'), 0o644);
  const onPath = makeFile(path.join(dir, 'bin/pyrevit-ls'), 0o755);
  const envPath = [path.join(dir, 'nothing'), path.join(dir, 'bin')].join(path.delimiter);
  const r = findServer({ configured: '', extensionPath: path.join(dir, 'ext'), envPath, platform: 'linux' });
  assert.deepEqual(r, { found: true, path: onPath, source: 'PATH' });
});

test('nothing found: the message says how to fix it', () => {
  const dir = scratch();
  const r = findServer({ configured: '  ', extensionPath: path.join(dir, 'ext'), envPath: path.join(dir, 'bin'), platform: 'linux' });
  assert.equal(r.found, false);
  const message = !r.found ? r.message : '';
  assert.match(message, /PATH/);
  assert.match(message, /pyrevit\.server\.path/);
});

test('Windows looks for pyrevit-ls.exe', () => {
  const dir = scratch();
  const bundled = makeFile(path.join(dir, 'ext/server/pyrevit-ls.exe'), 0o644);
  const r = findServer({ configured: '', extensionPath: path.join(dir, 'ext'), envPath: '', platform: 'win32' });
  assert.deepEqual(r, { found: true, path: bundled, source: 'bundled' });
});
