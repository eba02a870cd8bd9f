// Builds a platform-specific .vsix: bundles the extension, copies the server binary into server/,
// generates dist/bundle.schema.json with `pyrevit-ls schema`, copies the repository's LICENSE and
// CHANGELOG.md, then runs `vsce package --target`.
//   node scripts/package.mjs --server PATH [--target linux-x64] [--out FILE] [--schema-server PATH]
// --schema-server: a binary that runs on this machine, to print the schema when --server is built
// for another platform (e.g. pyrevit-ls.exe packaged on Linux); default: --server.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

const target = arg('target', `${process.platform}-${process.arch}`);
const server = arg('server', process.env.PYREVIT_LS_BIN);
if (!server || !existsSync(server)) {
  fail(`server binary not found (${server ?? 'none given'}); pass --server PATH or set PYREVIT_LS_BIN`);
}
const out = resolve(arg('out', join(root, `pyrevit-ls-${target}.vsix`)));
const schemaServer = arg('schema-server', server);

// 1. Bundle.
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

// 2. Schema for yamlValidation, from the server itself (never written by hand).
const schema = spawnSync(schemaServer, ['schema'], { encoding: 'utf8' });
if (schema.error || schema.status !== 0) {
  fail(
    `\`${schemaServer} schema\` failed (exit ${schema.status}${schema.error ? `, ${schema.error.message}` : ''}).\n` +
      `  stderr: ${(schema.stderr || '').trim().slice(0, 500)}\n` +
      '  The server must provide the `schema` subcommand printing the bundle.yaml JSON Schema.',
  );
}
let parsed;
try {
  parsed = JSON.parse(schema.stdout);
} catch (err) {
  fail(`\`${schemaServer} schema\` did not print JSON: ${err.message}`);
}
if (typeof parsed !== 'object' || !String(parsed.$schema ?? '').includes('draft-07')) {
  fail(`\`${schemaServer} schema\` printed JSON without a draft-07 "$schema"`);
}
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist/bundle.schema.json'), JSON.stringify(parsed, null, 2) + '\n');

// 3. Server binary, executable.
const exe = target.startsWith('win32') ? 'pyrevit-ls.exe' : 'pyrevit-ls';
rmSync(join(root, 'server'), { recursive: true, force: true });
mkdirSync(join(root, 'server'));
copyFileSync(server, join(root, 'server', exe));
chmodSync(join(root, 'server', exe), 0o755);

// 4. License and changelog: one copy each, at the repository root.
for (const file of ['LICENSE', 'CHANGELOG.md']) {
  copyFileSync(join(root, '../..', file), join(root, file));
}

// 5. Package. Dependencies are bundled by esbuild, so node_modules stays out.
const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
execFileSync(
  process.execPath,
  [vsce, 'package', '--target', target, '--no-dependencies', '--out', out],
  { cwd: root, stdio: 'inherit' },
);
console.log(`package: wrote ${out}`);
