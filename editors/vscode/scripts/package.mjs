// Builds a platform-specific .vsix: bundles the extension, copies the server binary into server/,
// generates dist/bundle.schema.json with `pyrevit-ls schema`, then runs `vsce package --target`.
//   node scripts/package.mjs --server PATH [--target linux-x64] [--out FILE]
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

// 1. Bundle.
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

// 2. Schema for yamlValidation, from the server itself (never written by hand).
const schema = spawnSync(server, ['schema'], { encoding: 'utf8' });
if (schema.error || schema.status !== 0) {
  fail(
    `\`${server} schema\` failed (exit ${schema.status}${schema.error ? `, ${schema.error.message}` : ''}).\n` +
      `  stderr: ${(schema.stderr || '').trim().slice(0, 500)}\n` +
      '  The server must provide the `schema` subcommand printing the bundle.yaml JSON Schema.',
  );
}
let parsed;
try {
  parsed = JSON.parse(schema.stdout);
} catch (err) {
  fail(`\`${server} schema\` did not print JSON: ${err.message}`);
}
if (typeof parsed !== 'object' || !String(parsed.$schema ?? '').includes('draft-07')) {
  fail(`\`${server} schema\` printed JSON without a draft-07 "$schema"`);
}
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist/bundle.schema.json'), JSON.stringify(parsed, null, 2) + '\n');

// 3. Server binary, executable.
const exe = target.startsWith('win32') ? 'pyrevit-ls.exe' : 'pyrevit-ls';
rmSync(join(root, 'server'), { recursive: true, force: true });
mkdirSync(join(root, 'server'));
copyFileSync(server, join(root, 'server', exe));
chmodSync(join(root, 'server', exe), 0o755);

// 4. Package. Dependencies are bundled by esbuild, so node_modules stays out.
const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
execFileSync(
  process.execPath,
  [vsce, 'package', '--target', target, '--no-dependencies', '--skip-license', '--out', out],
  { cwd: root, stdio: 'inherit' },
);
console.log(`package: wrote ${out}`);
