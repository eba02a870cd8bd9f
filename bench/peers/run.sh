#!/usr/bin/env bash
# Side by side, in one run, on the same generated 10,000-bundle workspace (.cache/ws10k):
#   - completion in a bundle.yaml: yaml-language-server with the `pyrevit-ls schema` JSON schema
#     (associated through the `yaml.schemas` setting) vs pyrevit-ls;
#   - definition of a lib/ import in a script.py: pyright with every lib folder in `extraPaths`
#     (a generated pyrightconfig.json, removed afterwards) vs pyrevit-ls.
# The peers are installed with npm from the pinned bench/peers/package.json + lock into
# .cache/peers (ignored by git). The driver is the latency harness, server/benches/lsp_latency.rs.
#
#   bench/peers/run.sh [--requests N]      # NO_INSTALL=1 skips `npm ci`
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
peers=$root/.cache/peers

if [ -z "${NO_INSTALL:-}" ]; then
  if command -v npm >/dev/null; then
    mkdir -p "$peers"
    cp "$here/package.json" "$here/package-lock.json" "$peers/"
    (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error) || echo "npm ci failed; the comparison is skipped" >&2
  else
    echo "npm not found; the comparison is skipped (pyrevit-ls alone is measured)" >&2
  fi
fi

cd "$root"
exec cargo bench -p pyrevit-ls --bench lsp_latency -- --peers "$peers" "$@"
