import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, documentPatterns, documentSelector, initializationOptions, readSettings } from '../src/protocol';

test('settings are read key by key with defaults', () => {
  const values: Record<string, unknown> = {
    'diagnostics.imports': false,
    'diagnostics.exclude': ['lib/vendor'],
    loader: 'csharp',
    previewLocale: 'fr_fr',
  };
  const settings = readSettings(<T>(key: string, fallback: T) => (key in values ? (values[key] as T) : fallback));
  assert.deepEqual(settings, {
    diagnostics: { enable: true, imports: false, exclude: ['lib/vendor'] },
    previewLocale: 'fr_fr',
    pyrevitPath: null,
    loader: 'csharp',
  });
});

test('an empty or blank pyrevitPath is sent as null, a path as itself', () => {
  const withPath = (p: string) => readSettings(<T>(key: string, fallback: T) => (key === 'pyrevitPath' ? (p as T) : fallback));
  assert.equal(withPath('').pyrevitPath, null);
  assert.equal(withPath('  ').pyrevitPath, null);
  assert.equal(withPath('C:/pyRevit').pyrevitPath, 'C:/pyRevit');
});

test('initializationOptions wrap the section under "pyrevit"', () => {
  assert.deepEqual(initializationOptions(DEFAULT_SETTINGS), { pyrevit: DEFAULT_SETTINGS });
});

test('the document selector only takes files on disk', () => {
  const selector = documentSelector(['.tab', '.pushbutton']);
  assert.ok(selector.length > 0);
  for (const f of selector) {
    assert.equal(f.scheme, 'file');
  }
  assert.ok(selector.some((f) => f.pattern === '**/hooks/*.py'));
});

test('bundle folders come from the suffixes the server answers', () => {
  assert.ok(documentPatterns(['.tab', '.pushbutton']).includes('**/*.{tab,pushbutton}/**'));
  // Without the server's list (it could not be asked) only suffix-free patterns remain.
  const fallback = documentPatterns([]);
  assert.ok(fallback.includes('**/*.extension/**/*.{yaml,json,py}'));
  assert.ok(!fallback.some((p) => p.includes('{}')));
  // A malformed answer cannot break the glob.
  assert.ok(documentPatterns(['.tab', '.a,b', '.{x}']).includes('**/*.{tab}/**'));
});
