#!/usr/bin/env bash
# Editor integration tests: VS Code extension (typecheck, bundle, unit + contract tests against the
# real server, .vsix packaging and contents) and headless Neovim (>= 0.11 in a Debian sid chroot).
# Idempotent: npm ci only when package-lock.json changed; the chroot is reused from .cache/.
#   tests/editors/run.sh [vscode|nvim|nvim010]...   (default: all three)
#   nvim: Neovim 0.12 (Debian sid) with lsp/pyrevit_ls.lua; nvim010: Neovim 0.10 (Debian trixie)
#   with the 0.8-0.10 snippet from editors/README.md.
# Env: PYREVIT_LS_BIN (server binary; default: cargo build, target/debug/pyrevit-ls).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
VSC="$REPO/editors/vscode"
PARTS=("${@:-vscode nvim nvim010}")
PARTS=(${PARTS[*]})

step() { printf '\n== %s\n' "$*"; }
timed() { # timed NAME CMD...: runs CMD, records its duration
  local name=$1 start=$SECONDS; shift
  "$@"
  TIMES+=("$(printf '%-28s %4ss' "$name" $((SECONDS - start)))")
}
TIMES=()

build_server() {
  if [ -n "${PYREVIT_LS_BIN:-}" ]; then
    [ -x "$PYREVIT_LS_BIN" ] || { echo "PYREVIT_LS_BIN=$PYREVIT_LS_BIN is not an executable" >&2; exit 1; }
    return
  fi
  (cd "$REPO" && cargo build --quiet --bin pyrevit-ls)
  PYREVIT_LS_BIN="$REPO/target/debug/pyrevit-ls"
}

need_node() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -lt 20 ]; then
    echo "tests/editors: Node.js >= 20 with npm is required (found: $(node --version 2>/dev/null || echo none))" >&2
    exit 1
  fi
}

npm_install() {
  local stamp="$VSC/node_modules/.pyrevit-lock.sha256" want
  want="$(sha256sum "$VSC/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "node_modules up to date"
    return
  fi
  (cd "$VSC" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

vscode_tests() {
  cd "$VSC"
  step "tsc --noEmit"
  npx --no-install tsc --noEmit
  step "esbuild (extension + tests)"
  node scripts/build.mjs --tests
  step "unit tests + contract test against $PYREVIT_LS_BIN"
  PYREVIT_LS_BIN="$PYREVIT_LS_BIN" node --test --test-reporter=spec \
    out/test/protocol.test.js out/test/serverPath.test.js out/test/extensionRoot.test.js \
    out/test/contract.test.js
  step "vsce package --target linux-x64"
  rm -f "$VSC/pyrevit-ls-linux-x64.vsix"
  node scripts/package.mjs --server "$PYREVIT_LS_BIN" --target linux-x64 --out "$VSC/pyrevit-ls-linux-x64.vsix"
  step ".vsix contents"
  PYREVIT_VSIX="$VSC/pyrevit-ls-linux-x64.vsix" PYREVIT_LS_BIN="$PYREVIT_LS_BIN" node --test --test-reporter=spec out/test/vsix.test.js
  cd "$REPO"
}

need_node
timed "build server" build_server
export PYREVIT_LS_BIN
for part in "${PARTS[@]}"; do
  case "$part" in
    vscode)
      timed "npm ci" npm_install
      timed "vscode checks" vscode_tests
      ;;
    nvim | nvim010)
      suite=sid
      [ "$part" = nvim010 ] && suite=trixie
      timed "$part chroot ($suite)" "$REPO/tests/editors/setup-nvim.sh" "$REPO/.cache/nvim-$suite" "$suite"
      timed "$part headless test" env NVIM_SUITE=$suite "$REPO/tests/editors/nvim-test.sh" "$PYREVIT_LS_BIN"
      ;;
    *) echo "unknown part: $part (vscode|nvim|nvim010)" >&2; exit 2 ;;
  esac
done
step "editor tests passed"
printf '%s\n' "${TIMES[@]}"
