#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit (from PyPI) on a
# scratch repository that uses this repository's HEAD as its hook repository.
# Usage: tests/pre-commit/run.sh /abs/path/to/stackls
# Installs pre-commit into target/ when it is missing. The `stackls` hook builds stackls
# from that commit with cargo, as a user's first commit does (about two minutes here);
# STACKLS_PRECOMMIT_RUST=0 leaves it out for a quick local run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${1:?usage: run.sh /abs/path/to/stackls}"
venv="${STACKLS_PRECOMMIT_VENV:-$repo/target/pre-commit-venv}"
version="4.7.0"

if ! "$venv/bin/pre-commit" --version 2>/dev/null | grep -q "pre-commit $version"; then
  echo "installing pre-commit $version from PyPI into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$version"
fi

rev="$(git -C "$repo" rev-parse HEAD)"
mkdir -p "$repo/target"
work="$(mktemp -d "$repo/target/pre-commit-work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
cd "$work"
git init --quiet scratch && cd scratch
git config user.email test@example.com && git config user.name test

check() {
  local id="$1"
  cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: $id
YAML
  # A stack file with an error: the hook fails, and says why.
  mkdir -p svc
  printf '[stack]\nlanguage = "java"\nframework = "django"\n' > svc/api.stack.toml
  printf 'not a stack file = [\n' > notes.toml
  git add -A
  if "$venv/bin/pre-commit" run "$id" --all-files > "$work/out.txt" 2>&1; then
    cat "$work/out.txt"; echo "FAIL $id: passed on a stack file with an error"; exit 1
  fi
  grep -q "language-mismatch" "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL $id: no finding in its output"; exit 1; }
  grep -q "notes.toml" "$work/out.txt" && { cat "$work/out.txt"; echo "FAIL $id: checked a file that is no stack file"; exit 1; }
  echo "ok   $id fails the commit on an error and names it"
  # Fixed: the hook passes.
  printf '[stack]\nlanguage = "python"\nframework = "django"\n' > svc/api.stack.toml
  git add -A
  "$venv/bin/pre-commit" run "$id" --all-files > "$work/out.txt" 2>&1 || { cat "$work/out.txt"; echo "FAIL $id: failed on a clean stack file"; exit 1; }
  echo "ok   $id passes a clean stack file"
}

# The installed stackls: put on PATH the one under test.
PATH="$(dirname "$bin"):$PATH" check stackls-system
if [ "${STACKLS_PRECOMMIT_RUST:-1}" = 1 ]; then
  check stackls
fi
echo "pre-commit: all checks passed"
