// Where the tests find the fixture extension and the server binary.
import * as path from 'node:path';

/** Repository root (tests are bundled into editors/vscode/out/test/). */
export const REPO = path.resolve(__dirname, '../../../..');

export const FIXTURE_EXTENSION = path.join(REPO, 'tests/editors/fixtures/Demo.extension');

/** The server binary under test: $PYREVIT_LS_BIN, else the workspace's debug build. */
export const SERVER_BIN = process.env.PYREVIT_LS_BIN || path.join(REPO, 'target/debug/pyrevit-ls');
