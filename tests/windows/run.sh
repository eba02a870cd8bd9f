#!/usr/bin/env bash
# The Windows leg: cross-builds pyrevit-ls.exe in a Debian sid chroot, packages
# editors/vscode/pyrevit-ls-win32-x64.vsix, and runs the .exe under Wine: `check` through `Z:\`
# paths (one with spaces and non-ASCII names) against the Linux build's output, and the LSP
# features with VS Code's and Neovim's Windows URIs (tests/windows/lsp.test.mjs).
# Idempotent; the chroot, the Wine prefix and the cargo target dir are cached under .cache/.
# Needs root, Node.js >= 20, apt, crates.io and npm reachable on the first run.
# Env: WINDOWS_CHROOT (default .cache/nvim-sid, shared with the Neovim test),
#      PYREVIT_LS_RELEASE (the Linux release binary; default: cargo build --release).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
CH="${WINDOWS_CHROOT:-$REPO/.cache/nvim-sid}"
VSC="$REPO/editors/vscode"
EXE="$REPO/target/x86_64-pc-windows-gnu/release/pyrevit-ls.exe"
VSIX="$VSC/pyrevit-ls-win32-x64.vsix"
TIMES=()
step() { printf '\n== %s\n' "$*"; }
timed() { # timed NAME CMD...
  local name=$1 start=$SECONDS; shift
  step "$name"
  "$@"
  TIMES+=("$(printf '%-28s %4ss' "$name" $((SECONDS - start)))")
}
in_chroot() { chroot "$CH" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin:/usr/lib/x86_64-linux-gnu/wine LANG=C.UTF-8 WINEDEBUG=-all WINEPREFIX=/root/.wine "$@"; }

linux_release() {
  if [ -n "${PYREVIT_LS_RELEASE:-}" ]; then
    LINUX_BIN="$PYREVIT_LS_RELEASE"
  else
    (cd "$REPO" && cargo build --quiet --locked --release --bin pyrevit-ls)
    LINUX_BIN="$REPO/target/release/pyrevit-ls"
  fi
}

npm_deps() {
  local stamp="$VSC/node_modules/.pyrevit-lock.sha256" want
  want="$(sha256sum "$VSC/package-lock.json" | cut -d' ' -f1)"
  if ! [ -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    (cd "$VSC" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
  (cd "$VSC" && node scripts/build.mjs --tests)
}

package() {
  rm -f "$VSIX"
  (cd "$VSC" && node scripts/package.mjs --server "$EXE" --schema-server "$LINUX_BIN" --target win32-x64 --out "$VSIX")
  (cd "$VSC" && PYREVIT_VSIX="$VSIX" PYREVIT_VSIX_TARGET=win32-x64 PYREVIT_VSIX_SERVER="$EXE" PYREVIT_LS_BIN="$LINUX_BIN" \
    node --test --test-reporter=spec out/test/vsix.test.js)
}

wine_prefix() {
  if [ ! -f "$CH/root/.wine/system.reg" ]; then
    in_chroot wineboot --init >/dev/null 2>&1
  fi
  # Test inputs inside the chroot: Wine's Z: is the chroot's /, C:\Users is drive_c/users.
  rm -rf "$CH/pyrevit-win" "$CH/root/.wine/drive_c/users/tester"
  mkdir -p "$CH/pyrevit-win/bin" "$CH/pyrevit-win/Dossier Ünï 文件" "$CH/root/.wine/drive_c/users/tester"
  cp "$EXE" "$CH/pyrevit-win/bin/pyrevit-ls.exe"
  cp -a "$REPO/tests/fixtures" "$CH/pyrevit-win/fixtures"
  cp -a "$REPO/tests/fixtures" "$CH/pyrevit-win/Dossier Ünï 文件/fixtures"
}

lsp_tests() {
  WIN_CHROOT="$CH" WIN_EXE=/pyrevit-win/bin/pyrevit-ls.exe WIN_HOME="$CH/root/.wine/drive_c/users/tester" \
    LINUX_BIN="$LINUX_BIN" FIXTURES="$REPO/tests/fixtures" \
    WIN_FIXTURES="/pyrevit-win/fixtures:/pyrevit-win/Dossier Ünï 文件/fixtures" \
    node --test --test-reporter=spec --test-concurrency=1 "$REPO/tests/windows/lsp.test.mjs"
}

cleanup() {
  in_chroot wineserver --kill >/dev/null 2>&1 || true
  if [ -n "${MOUNTED_PROC:-}" ]; then umount "$CH/proc" || true; fi
}

timed "chroot + toolchain" "$REPO/tests/windows/setup.sh" "$CH"
timed "pyrevit-ls.exe (cross)" "$REPO/tests/windows/build.sh" "$CH"
timed "linux release build" linux_release
timed "npm deps + bundle" npm_deps
timed "win32-x64 .vsix" package
trap cleanup EXIT
if ! mountpoint -q "$CH/proc"; then
  mount -t proc proc "$CH/proc"
  MOUNTED_PROC=1
fi
timed "wine prefix + inputs" wine_prefix
timed "windows tests (wine)" lsp_tests

step "windows leg passed"
printf '%-28s %s\n' "pyrevit-ls.exe" "$(stat -c %s "$EXE") bytes" "pyrevit-ls (linux release)" "$(stat -c %s "$LINUX_BIN") bytes" \
  "pyrevit-ls-win32-x64.vsix" "$(stat -c %s "$VSIX") bytes"
printf '%s\n' "${TIMES[@]}"
