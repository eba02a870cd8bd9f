// Where the tests find the fixture extensions and the server binary.
import * as path from 'node:path';

/** Repository root (tests are bundled into editors/vscode/out/test/). */
export const REPO = path.resolve(__dirname, '../../../..');

/** The project's example extension: a real extension pyRevit loads (zero errors expected). */
export const EXAMPLE_WORKSPACE = path.join(REPO, 'tests/fixtures/example');
export const EXAMPLE = path.join(EXAMPLE_WORKSPACE, 'Example.extension');

/** Editor-test fixture where every bundle has a known error. */
export const BROKEN = path.join(REPO, 'tests/editors/fixtures/Broken.extension');

/** The server binary under test: $PYREVIT_LS_BIN, else the workspace's debug build. */
export const SERVER_BIN = process.env.PYREVIT_LS_BIN || path.join(REPO, 'target/debug/pyrevit-ls');
