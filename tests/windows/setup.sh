#!/usr/bin/env bash
# Adds the Windows cross toolchain (rustc + rust-src for -Zbuild-std, MinGW-w64 linker) and Wine
# to the Debian sid chroot that the Neovim test uses (.cache/nvim-sid), idempotently.
# Usage: setup.sh [CHROOT]. Needs root, apt and crates.io reachable.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${1:-${WINDOWS_CHROOT:-$REPO/.cache/nvim-sid}}"
PACKAGES=(rustc cargo rust-src gcc-mingw-w64-x86-64 wine wine64 ca-certificates)
STAMP="$DIR/.pyrevit-ls-windows-ready"

"$REPO/tests/editors/setup-nvim.sh" "$DIR" sid
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "${PACKAGES[*]}" ]; then
  echo "windows setup: reusing $DIR ($(chroot "$DIR" rustc --version))"
  exit 0
fi
# Check-Valid-Until=false: the mirror reachable here may serve a frozen sid.
# The host's CA bundle, for crates.io from inside the chroot.
if [ -n "${SSL_CERT_FILE:-}" ] && [ -f "$SSL_CERT_FILE" ]; then
  mkdir -p "$DIR/etc/ssl"
  cp "$SSL_CERT_FILE" "$DIR/etc/ssl/host-ca.crt"
fi
chroot "$DIR" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
  "apt-get -o Acquire::Check-Valid-Until=false update -qq && apt-get install -y -qq --no-install-recommends ${PACKAGES[*]} >/dev/null"
rm -rf "$DIR/var/cache/apt/archives/"*.deb
chroot "$DIR" rustc --version
echo "${PACKAGES[*]}" >"$STAMP"
