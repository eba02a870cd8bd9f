// Bundles the extension with esbuild into dist/extension.js.
// --tests: also bundles test/*.test.ts into out/test/ for `node --test`.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning' };

await build({
  ...common,
  absWorkingDir: root,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode'],
  minify: true,
  sourcemap: false,
});

if (process.argv.includes('--tests')) {
  const tests = readdirSync(join(root, 'test')).filter((f) => f.endsWith('.test.ts'));
  await build({
    ...common,
    absWorkingDir: root,
    entryPoints: tests.map((f) => join('test', f)),
    outdir: 'out/test',
    packages: 'external',
    sourcemap: 'inline',
  });
}
