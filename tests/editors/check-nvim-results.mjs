// Asserts on the results JSON written by nvim-test.lua.
// Usage: node check-nvim-results.mjs RESULTS "required names" "pending names"
import { readFileSync } from 'node:fs';

const [file, requiredArg = '', pendingArg = ''] = process.argv.slice(2);
const results = JSON.parse(readFileSync(file, 'utf8'));
const required = requiredArg.split(/\s+/).filter(Boolean);
const pending = pendingArg.split(/\s+/).filter(Boolean);
const checks = results.checks ?? {};
const failed = [];
console.log(`nvim-test: Neovim ${results.nvim}, ${results.setup}`);
for (const name of [...required, ...pending]) {
  const c = checks[name];
  const status = !c ? 'missing' : c.ok ? 'ok' : 'FAIL';
  const isRequired = required.includes(name);
  console.log(`  ${name.padEnd(22)} ${status}${isRequired ? '' : ' (pending, not asserted)'}`);
  if (isRequired && status !== 'ok') {
    failed.push(name);
    console.log(`    detail: ${JSON.stringify(c?.detail ?? null).slice(0, 1500)}`);
  } else if (!isRequired && status === 'ok') {
    console.log(`    ${name} passes now: move it to REQUIRED in nvim-test.sh`);
  }
}
if (results.error) {
  console.log(`  script error: ${results.error}`);
  failed.push('script-error');
}
if (failed.length > 0) {
  console.log(`nvim-test: FAILED: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('nvim-test: all required checks passed');
