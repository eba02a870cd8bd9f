import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { extensionRootOf } from '../src/extensionRoot';
import { EXAMPLE } from './fixture';

function touch(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  return file;
}

test('a script inside a *.extension tree resolves to the extension folder', () => {
  const script = path.join(EXAMPLE, 'Example.tab/Basics.panel/Hello.pushbutton/script.py');
  assert.equal(extensionRootOf(script), EXAMPLE);
  assert.equal(extensionRootOf(path.join(EXAMPLE, 'Example.tab/Basics.panel/lib/panel_helpers.py')), EXAMPLE);
});

test('suffixes match case-insensitively and .lib folders are roots', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrevit-ls-root-'));
  const file = touch(path.join(dir, 'Tools.Extension/Main.Tab/A.Panel/B.pushbutton/script.py'));
  assert.equal(extensionRootOf(file), path.join(dir, 'Tools.Extension'));
  const lib = touch(path.join(dir, 'Shared.lib/helpers.py'));
  assert.equal(extensionRootOf(lib), path.join(dir, 'Shared.lib'));
});

test('an extension checked out without its suffix is found by its *.tab children or manifest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrevit-ls-root-'));
  const file = touch(path.join(dir, 'repo/My.tab/P.panel/B.pushbutton/bundle.yaml'));
  assert.equal(extensionRootOf(file), path.join(dir, 'repo'));
  touch(path.join(dir, 'other/extension.yaml'));
  const hook = touch(path.join(dir, 'other/hooks/doc-opened.py'));
  assert.equal(extensionRootOf(hook), path.join(dir, 'other'));
});

test('a file outside any extension has no root', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrevit-ls-root-'));
  assert.equal(extensionRootOf(touch(path.join(dir, 'plain/notes.py'))), undefined);
});
