// Data the extension needs before the language client starts, asked from the server binary
// itself (`pyrevit-ls command <name>` prints a data command's answer), so no pyRevit facts are
// copied into TypeScript. Kept free of the `vscode` module so the contract test runs it.
import { execFile } from 'node:child_process';
import { SERVER_COMMANDS } from './protocol';

/** The JSON answer of a server data command, by running `<server> command <name>`. */
export function serverData(serverPath: string, command: string, timeoutMs = 10000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(serverPath, ['command', command], { timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${serverPath} command ${command} failed: ${String(stderr).trim() || err.message}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout));
      } catch (e) {
        reject(new Error(`${serverPath} command ${command} did not print JSON: ${(e as Error).message}`));
      }
    });
  });
}

/** Bundle folder suffixes (`.tab`, `.pushbutton`, …) as the server knows them. */
export async function bundleSuffixes(serverPath: string): Promise<string[]> {
  const answer = await serverData(serverPath, SERVER_COMMANDS.bundleSuffixes);
  if (!Array.isArray(answer) || !answer.every((s) => typeof s === 'string' && s.startsWith('.'))) {
    throw new Error(`${SERVER_COMMANDS.bundleSuffixes} answered ${JSON.stringify(answer)}, not a list of suffixes`);
  }
  return answer as string[];
}
