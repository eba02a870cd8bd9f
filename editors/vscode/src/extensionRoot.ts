// Finds the pyRevit extension a file belongs to, the way the server and the Neovim config do:
// the nearest `*.extension` / `*.lib` ancestor, else the nearest folder holding an extension
// manifest or `*.tab` children (an extension checked out without its suffix).
import * as fs from 'fs';
import * as path from 'path';

const ROOT_SUFFIX = /\.(extension|lib)$/i;
const MANIFEST = /^extension\.(json|yaml)$/i;
const TAB = /\.tab$/i;

function looksLikeExtension(dir: string): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some(
    (e) => (e.isFile() && MANIFEST.test(e.name)) || (e.isDirectory() && TAB.test(e.name)),
  );
}

function ancestors(start: string): string[] {
  const dirs: string[] = [];
  let dir = path.resolve(start);
  for (;;) {
    dirs.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) {
      return dirs;
    }
    dir = parent;
  }
}

/** The extension root holding `file` (a file or folder path), or undefined. */
export function extensionRootOf(file: string): string | undefined {
  const dirs = ancestors(file);
  return dirs.find((d) => ROOT_SUFFIX.test(path.basename(d))) ?? dirs.find(looksLikeExtension);
}
