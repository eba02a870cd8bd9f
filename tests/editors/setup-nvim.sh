#!/usr/bin/env bash
# Installs a Debian chroot holding Neovim into a cache dir, idempotently.
# Usage: setup-nvim.sh [DIR] [SUITE]   (default: $REPO/.cache/nvim-sid, sid = Neovim 0.12;
# trixie gives Neovim 0.10 for the 0.8-0.10 snippet). Needs root and apt reachable.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${1:-${NVIM_CHROOT:-$REPO/.cache/nvim-sid}}"
SUITE="${2:-sid}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if [ -x "$DIR/usr/bin/nvim" ] && [ -f "$DIR/.pyrevit-ls-ready" ]; then
  echo "setup-nvim: reusing $DIR ($(chroot "$DIR" /usr/bin/nvim --version | head -1))"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-nvim: must run as root (debootstrap + chroot)" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
rm -rf "$DIR"
mkdir -p "$(dirname "$DIR")"
debootstrap --variant=minbase --include=neovim "$SUITE" "$DIR" "$MIRROR" >"$DIR.log" 2>&1 || {
  echo "setup-nvim: debootstrap failed, see $DIR.log" >&2
  tail -20 "$DIR.log" >&2
  exit 1
}
# Drop the package cache; keep the chroot small.
rm -rf "$DIR/var/cache/apt/archives/"*.deb
chroot "$DIR" /usr/bin/nvim --version | head -1
touch "$DIR/.pyrevit-ls-ready"
