#!/usr/bin/env bash
# `stackls report` in a real browser: writes the page of every example in examples/ and
# opens it in headless Chromium (Debian's), driven by playwright-core, to check the DOM
# against the stack file and `stackls check --format json` of the same file: every service
# card, the fit matrix's cells, the timeline's bars and today line, the findings and their
# sources, and that no request leaves the page. Screenshots for humans land in
# target/report-test/.
#
#   tests/report/run.sh /abs/path/to/stackls
#
# Installs what it needs when missing: Debian's chromium, and playwright-core (the VS Code
# test's package, editors/vscode/test) with npm.
set -euo pipefail

say() { printf '[report-test %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }

[[ $# -eq 1 ]] || die "usage: $0 /abs/path/to/stackls"
STACKLS="$1"
[[ "$STACKLS" == /* ]] || STACKLS="$PWD/$STACKLS"
[[ -x "$STACKLS" ]] || die "not an executable file: $STACKLS"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="$REPO/target/report-test"
rm -rf "$OUT" && mkdir -p "$OUT"

# The VS Code test installs the same chromium and playwright-core: one at a time.
exec 8>"$REPO/target/.editor-tests-install.lock"
flock 8
if ! command -v chromium >/dev/null; then
  say "installing Debian's chromium"
  SUDO=()
  [[ $(id -u) -eq 0 ]] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq chromium >/dev/null
fi
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm (Node >= 20) are needed"
command -v python3 >/dev/null || die "python3 (>= 3.11, for tomllib) is needed"

PW="$REPO/editors/vscode/test"
want="$(sha256sum "$PW/package-lock.json" | cut -c1-16)"
if [[ "$(cat "$PW/node_modules/.stackls-lock-sha" 2>/dev/null)" != "$want" ]]; then
  say "npm ci in editors/vscode/test (playwright-core)"
  (cd "$PW" && npm ci --no-audit --no-fund) >"$OUT/npm-ci.log" 2>&1 || die "npm ci failed: see $OUT/npm-ci.log"
  echo "$want" >"$PW/node_modules/.stackls-lock-sha"
fi
flock -u 8

TODAY=2026-11-30
cd "$REPO"
for example in examples/*.stack.toml; do
  name="$(basename "$example" .stack.toml)"
  "$STACKLS" report "$example" --today "$TODAY" -o "$OUT/$name.html" 2>"$OUT/$name.report.log" ||
    die "stackls report $example failed: $(cat "$OUT/$name.report.log")"
  # The expectations, from elsewhere than the page: the findings of `check`, and the
  # services and versions as Python's own TOML parser reads the file.
  "$STACKLS" check "$example" --today "$TODAY" --format json >"$OUT/$name.check.json" || true
  python3 - "$example" >"$OUT/$name.expect.json" <<'PY'
import json, sys, tomllib
doc = tomllib.load(open(sys.argv[1], "rb"))
services = list(doc.get("services", {}))
if not services and "stack" in doc:
    services = ["[stack]"]
def values(table):
    for key in ("language", "framework", "database", "databases", "server"):
        v = table.get(key)
        for item in (v if isinstance(v, list) else [v]):
            if isinstance(item, str):
                yield item
tables = [doc.get("stack", {})] + list(doc.get("services", {}).values())
versions = [v for t in tables for v in values(t) if "@" in v]
project = doc.get("project", {})
print(json.dumps({"services": services, "versions": versions, "name": project.get("name")}))
PY
done

say "checking the pages in headless Chromium"
CHROMIUM="$(command -v chromium)" OUT="$OUT" TODAY="$TODAY" PW="$PW" \
  node "$HERE/check.mjs" examples/*.stack.toml || die "the browser checks failed"
say "PASS; screenshots in $OUT"
