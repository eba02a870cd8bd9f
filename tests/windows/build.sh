#!/usr/bin/env bash
# Cross-builds pyrevit-ls.exe (x86_64-pc-windows-gnu, release profile) inside the Debian sid chroot
# set up by tests/windows/setup.sh: sid's rustc with -Zbuild-std and the MinGW-w64 linker.
# The cargo registry and target dir live in the chroot (under .cache/), so a second run only
# rebuilds what changed. Writes target/x86_64-pc-windows-gnu/release/pyrevit-ls.exe.
# Usage: build.sh [CHROOT]. Needs root.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
CH="${1:-${WINDOWS_CHROOT:-$REPO/.cache/nvim-sid}}"
TRIPLE=x86_64-pc-windows-gnu
OUT="$REPO/target/$TRIPLE/release/pyrevit-ls.exe"

# Sources into the chroot; cp -a keeps mtimes so cargo's fingerprints stay valid between runs.
SRC="$CH/build/src"
rm -rf "$SRC"
mkdir -p "$SRC/tests" "$CH/build/target"
cp -a "$REPO/Cargo.toml" "$REPO/Cargo.lock" "$REPO/server" "$SRC/"
cp -a "$REPO/tests/suite" "$SRC/tests/"
for f in README.md LICENSE CHANGELOG.md; do [ -f "$REPO/$f" ] && cp -a "$REPO/$f" "$SRC/"; done

CAINFO=()
[ -f "$CH/etc/ssl/host-ca.crt" ] && CAINFO=(CARGO_HTTP_CAINFO=/etc/ssl/host-ca.crt)
mountpoint -q "$CH/proc" || { mount -t proc proc "$CH/proc"; trap 'umount "$CH/proc"' EXIT; }
chroot "$CH" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin "${CAINFO[@]}" \
  RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=/build/target CARGO_TERM_PROGRESS_WHEN=never \
  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
  sh -c "cd /build/src && cargo build --locked --release --bin pyrevit-ls \
    -Zbuild-std=std,panic_abort --target $TRIPLE"
mkdir -p "$(dirname "$OUT")"
cp "$CH/build/target/$TRIPLE/release/pyrevit-ls.exe" "$OUT"
echo "windows build: $OUT ($(stat -c %s "$OUT") bytes)"
