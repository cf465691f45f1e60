#!/usr/bin/env bash
# Builds the stackls VS Code extension (.vsix), the way rust-analyzer and ruff ship theirs:
#
#   editors/vscode/package.sh                                   # universal, no server inside
#   editors/vscode/package.sh --target linux-x64 --server target/dist/stackls
#
# With --target, the given stackls binary is copied into the package as server/stackls
# (server/stackls.exe for win32-*), and `vsce package --target TARGET` marks the .vsix as
# that platform's: VS Code then installs it only there and the extension starts the bundled
# server with nothing else installed. Debug information is stripped from the copy when a
# `strip` that understands the binary is at hand. The binary must be built for the target;
# this script does not cross-compile (see README.md for each target's binary).
#
# Options:
#   --target T   a VS Code platform: linux-x64, linux-arm64, linux-armhf, alpine-x64,
#                alpine-arm64, darwin-x64, darwin-arm64, win32-x64, win32-arm64
#   --server B   the stackls binary for that platform (required with --target)
#   --out F      where to write the .vsix (default: stackls.vsix, or stackls-T.vsix)
#
# Needs Node >= 20 and npm; installs the extension's build tools (`npm ci`) when missing.
set -euo pipefail

die() { printf 'package.sh: %s\n' "$*" >&2; exit 2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARGET="" SERVER="" OUT=""
while (($#)); do
  case "$1" in
    --target) TARGET="${2:-}"; shift 2 || die "--target needs a value" ;;
    --server) SERVER="${2:-}"; shift 2 || die "--server needs a value" ;;
    --out) OUT="${2:-}"; shift 2 || die "--out needs a value" ;;
    -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

case "$TARGET" in
  "") [[ -z "$SERVER" ]] || die "--server needs --target (the platform the binary is for)" ;;
  linux-x64 | linux-arm64 | linux-armhf | alpine-x64 | alpine-arm64 | darwin-x64 | darwin-arm64 | win32-x64 | win32-arm64) ;;
  *) die "unknown target '$TARGET' (linux-x64, linux-arm64, linux-armhf, alpine-x64, alpine-arm64, darwin-x64, darwin-arm64, win32-x64, win32-arm64)" ;;
esac
if [[ -n "$TARGET" ]]; then
  [[ -n "$SERVER" ]] || die "--target $TARGET needs --server PATH, the stackls binary for that platform"
  [[ -f "$SERVER" ]] || die "not a file: $SERVER"
fi
[[ -n "$OUT" ]] || OUT="stackls${TARGET:+-$TARGET}.vsix"
[[ "$OUT" == /* ]] || OUT="$PWD/$OUT"
[[ -z "$SERVER" || "$SERVER" == /* ]] || SERVER="$PWD/$SERVER"

command -v npm >/dev/null || die "npm (Node >= 20) is needed"
cd "$HERE"
[[ -x node_modules/.bin/vsce ]] || npm ci --no-audit --no-fund >&2

# server/ only ever holds the binary being packaged: a stale one never ships.
rm -rf server
trap 'rm -rf "$HERE/server"' EXIT
args=(--no-dependencies --allow-missing-repository --out "$OUT")
if [[ -n "$TARGET" ]]; then
  exe=stackls
  [[ "$TARGET" == win32-* ]] && exe=stackls.exe
  mkdir server
  cp "$SERVER" "server/$exe"
  chmod 0755 "server/$exe"
  # A binary this strip does not understand (another platform's) is shipped as it is.
  if command -v strip >/dev/null; then strip --strip-debug "server/$exe" 2>/dev/null || true; fi
  args+=(--target "$TARGET")
fi
npx --no-install vsce package "${args[@]}" >&2
printf '%s\n' "$OUT"
