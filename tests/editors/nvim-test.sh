#!/usr/bin/env bash
# Headless Neovim against the real server binary, in a Debian chroot: sid (Neovim 0.12, the
# lsp/pyrevit_ls.lua config) by default, NVIM_SUITE=trixie for Neovim 0.10 (the 0.8-0.10 snippet).
# Usage: nvim-test.sh [SERVER_BIN]. Needs root (chroot). Installs the chroot when missing.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SUITE="${NVIM_SUITE:-sid}"
CHROOT="${NVIM_CHROOT:-$REPO/.cache/nvim-$SUITE}"
BIN="${1:-${PYREVIT_LS_BIN:-$REPO/target/debug/pyrevit-ls}}"

# Checks that must pass with the server as it is today. Add a name here when its feature lands.
REQUIRED=(attach root_dir offset_encoding commands_registered completion diagnostics_error diagnostics_min_max diagnostics_columns diagnostics_clean attach_python definition_lib completion_after_block_scalar new_hook new_hook_no_hooks_dir write_pyright_config big_file_edits)
if [ "$SUITE" != sid ]; then
  # Built-in LSP completion (vim.lsp.completion) exists from Neovim 0.11 only.
  REQUIRED=("${REQUIRED[@]/completion_after_block_scalar/}")
fi
# Checks for features still being written: reported, not asserted.
PENDING=()

[ -x "$BIN" ] || { echo "nvim-test: server binary $BIN missing; build it first (cargo build)" >&2; exit 1; }
"$(dirname "$0")/setup-nvim.sh" "$CHROOT" "$SUITE"

# Fresh copies inside the chroot (paths are chroot-relative below).
W="$CHROOT/pyrevit-test"
rm -rf "$W"
mkdir -p "$W/bin"
cp "$BIN" "$W/bin/pyrevit-ls"
if [ "$SUITE" = sid ]; then
  # Neovim 0.11+: the one nvim-lspconfig-format file, alone on an otherwise empty runtimepath entry.
  mkdir -p "$W/nvim/lsp"
  cp "$REPO/editors/nvim/lsp/pyrevit_ls.lua" "$W/nvim/lsp/"
else
  cp -r "$REPO/editors/nvim" "$W/nvim"
fi
mkdir -p "$W/fixtures"
cp -r "$REPO/tests/fixtures/example" "$W/fixtures/example"
cp -r "$REPO/tests/editors/fixtures/Broken.extension" "$W/fixtures/Broken.extension"
cp "$REPO/tests/editors/nvim-test.lua" "$W/nvim-test.lua"

if ! chroot "$CHROOT" /pyrevit-test/bin/pyrevit-ls --version >/dev/null 2>"$W/version.err"; then
  echo "nvim-test: the server binary does not run inside the chroot:" >&2
  cat "$W/version.err" >&2
  exit 1
fi

timeout 120 chroot "$CHROOT" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin TERM=dumb \
  PYREVIT_NVIM=/pyrevit-test/nvim PYREVIT_LS_BIN=/pyrevit-test/bin/pyrevit-ls \
  PYREVIT_FIXTURES=/pyrevit-test/fixtures PYREVIT_RESULTS=/pyrevit-test/results.json \
  /usr/bin/nvim --headless --clean -c 'luafile /pyrevit-test/nvim-test.lua' \
  >"$W/nvim.out" 2>&1 || true

RESULTS="$W/results.json"
if [ ! -s "$RESULTS" ]; then
  echo "nvim-test: no results written; nvim output:" >&2
  cat "$W/nvim.out" >&2
  exit 1
fi
cp "$RESULTS" "$REPO/target/nvim-test-results-$SUITE.json" 2>/dev/null || true

node "$REPO/tests/editors/check-nvim-results.mjs" "$RESULTS" "${REQUIRED[*]}" "${PENDING[*]}"
