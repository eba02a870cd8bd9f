// Checks the packaged .vsix ($PYREVIT_VSIX): manifest, bundled extension, server binary with its
// run bit, the generated bundle.yaml schema, license, icon, and nothing that should stay out.
// $PYREVIT_VSIX_TARGET (default linux-x64) is the platform; $PYREVIT_VSIX_SERVER the binary that
// must be packaged (default: the server under test, which also prints the expected schema).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { before, test } from 'node:test';
import * as yauzl from 'yauzl';
import { SERVER_BIN } from './fixture';

interface Entry {
  mode: number;
  data: Buffer;
}

function readZip(file: string): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) {
        return reject(err);
      }
      const entries = new Map<string, Entry>();
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) {
            return reject(err2);
          }
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(e.fileName, { mode: (e.externalFileAttributes >>> 16) & 0o777, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const TARGET = process.env.PYREVIT_VSIX_TARGET || 'linux-x64';
const PACKED = process.env.PYREVIT_VSIX_SERVER || SERVER_BIN;
const EXE = TARGET.startsWith('win32') ? 'pyrevit-ls.exe' : 'pyrevit-ls';

let entries: Map<string, Entry>;
let manifest: any;
const text = (name: string) => {
  const e = entries.get(name);
  assert.ok(e, `${name} in the vsix; entries: ${[...entries.keys()].join(', ')}`);
  return e.data.toString('utf8');
};

before(async () => {
  const vsix = process.env.PYREVIT_VSIX;
  assert.ok(vsix && fs.existsSync(vsix), `PYREVIT_VSIX (${vsix}) must name the packaged .vsix`);
  entries = await readZip(vsix);
  manifest = JSON.parse(text('extension/package.json'));
});

test('the vsix is at most 15 MB', () => {
  const size = fs.statSync(process.env.PYREVIT_VSIX as string).size;
  assert.ok(size <= 15 * 1024 * 1024, `${size} bytes`);
});

test(`the vsix targets ${TARGET}`, () => {
  assert.ok(text('extension.vsixmanifest').includes(`TargetPlatform="${TARGET}"`));
});

test('marketplace fields: publisher, license file, icon, repository', () => {
  assert.ok(manifest.publisher, 'publisher');
  assert.equal(manifest.license, 'MIT');
  assert.match(text('extension/LICENSE.txt'), /^MIT License/);
  assert.ok(entries.get(`extension/${manifest.icon}`), `icon ${manifest.icon} packaged`);
  assert.match(manifest.repository.url, /^https:\/\/github\.com\//);
  assert.match(text('extension/changelog.md'), /^# Changelog/);
});

test('package.json: entry point, engine, activation, settings of the contract', () => {
  assert.equal(manifest.main, './dist/extension.js');
  assert.equal(manifest.engines.vscode, '^1.82.0');
  for (const ev of ['workspaceContains:**/bundle.yaml', 'onLanguage:yaml', 'onLanguage:python']) {
    assert.ok(manifest.activationEvents.includes(ev), ev);
  }
  const props = Object.keys(manifest.contributes.configuration.properties).sort();
  assert.deepEqual(props, [
    'pyrevit.diagnostics.enable',
    'pyrevit.diagnostics.exclude',
    'pyrevit.diagnostics.imports',
    'pyrevit.loader',
    'pyrevit.previewLocale',
    'pyrevit.pyrevitPath',
    'pyrevit.server.path',
    'pyrevit.trace.server',
  ]);
  for (const [key, p] of Object.entries<any>(manifest.contributes.configuration.properties)) {
    assert.ok(p.markdownDescription || p.description, `${key} has a description`);
  }
});

test('every contributed command is registered by the bundled extension', () => {
  const bundle = text('extension/dist/extension.js');
  assert.ok(bundle.length > 10000, 'bundled, not a stub');
  assert.match(bundle, /require\("vscode"\)/, 'vscode stays external');
  assert.doesNotMatch(bundle, /require\("vscode-languageclient/, 'vscode-languageclient is bundled in');
  const ids = manifest.contributes.commands.map((c: { command: string }) => c.command);
  assert.deepEqual(ids.sort(), ['pyrevit.client.newHook', 'pyrevit.client.writePyrightConfig', 'pyrevit.restartServer', 'pyrevit.showLog']);
  for (const id of ids) {
    assert.ok(bundle.includes(`"${id}"`), `${id} registered in dist/extension.js`);
  }
});

test('the server binary is bundled, identical to the built one, with its run bit', () => {
  const server = entries.get(`extension/server/${EXE}`);
  assert.ok(server, `extension/server/${EXE} in the vsix`);
  assert.equal(server.mode & 0o111, 0o111, `mode ${server.mode.toString(8)} is executable`);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  assert.equal(sha(server.data), sha(fs.readFileSync(PACKED)));
});

test('yamlValidation points at the schema generated by `pyrevit-ls schema`', () => {
  const [validation] = manifest.contributes.yamlValidation;
  assert.ok(validation.fileMatch.includes('**/*.extension/**/bundle.yaml'));
  const schemaPath = 'extension/' + validation.url.replace(/^\.\//, '');
  const schema = JSON.parse(text(schemaPath));
  assert.match(schema.$schema, /draft-07/);
  assert.equal(schema.type, 'object');
  const generated = spawnSync(SERVER_BIN, ['schema'], { encoding: 'utf8' });
  assert.equal(generated.status, 0, generated.stderr);
  assert.deepEqual(schema, JSON.parse(generated.stdout), 'the packaged schema is what the server prints');
});

test('only what the extension needs is packaged', () => {
  const unexpected = [...entries.keys()].filter(
    (n) =>
      !/^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|images\/icon\.png|dist\/extension\.js|dist\/bundle\.schema\.json)$/.test(n) &&
      n !== `extension/server/${EXE}` &&
      !/^(extension\.vsixmanifest|\[Content_Types\]\.xml)$/.test(n),
  );
  assert.deepEqual(unexpected, []);
});
