// Finds the pyrevit-ls executable: setting `pyrevit.server.path`, then the binary bundled in the
// extension's `server/` folder, then `pyrevit-ls` on PATH. No `vscode` import: unit-tested in node.
import * as fs from 'fs';
import * as path from 'path';

export type ServerLookup =
  | { found: true; path: string; source: 'setting' | 'bundled' | 'PATH' }
  | { found: false; message: string };

export function executableName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'pyrevit-ls.exe' : 'pyrevit-ls';
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function searchPath(name: string, envPath: string, platform: NodeJS.Platform): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, name), platform)) {
      return path.join(dir, name);
    }
  }
  return undefined;
}

export function findServer(opts: {
  configured: string;
  extensionPath: string;
  envPath?: string;
  platform?: NodeJS.Platform;
}): ServerLookup {
  const platform = opts.platform ?? process.platform;
  const name = executableName(platform);
  const configured = opts.configured.trim();
  if (configured) {
    if (isExecutableFile(configured, platform)) {
      return { found: true, path: configured, source: 'setting' };
    }
    return {
      found: false,
      message:
        `pyRevit: the setting "pyrevit.server.path" points to "${configured}", which is not an ` +
        'executable file. Fix the path, or clear the setting to use the bundled server or ' +
        '`pyrevit-ls` on PATH.',
    };
  }
  const bundled = path.join(opts.extensionPath, 'server', name);
  if (isExecutableFile(bundled, platform)) {
    return { found: true, path: bundled, source: 'bundled' };
  }
  const onPath = searchPath(name, opts.envPath ?? process.env.PATH ?? '', platform);
  if (onPath) {
    return { found: true, path: onPath, source: 'PATH' };
  }
  return {
    found: false,
    message:
      `pyRevit: no language server found. This extension has no bundled "${name}" for this ` +
      'platform and none is on PATH. Install it (`cargo install --path server` from the ' +
      'pyrevit-ls repository, or download a release binary), then either put it on PATH or set ' +
      '"pyrevit.server.path" to its full path, and run "pyRevit: Restart Server".',
  };
}
