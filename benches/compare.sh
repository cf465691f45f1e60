#!/usr/bin/env bash
# Reproduces every figure of the README's Performance section in one run:
#   1. the budgets: start-up (a file of no services) and analysis (100 and 20,000 services)
#      of `stackls check`, human format and JSON, each as a ratio to a bare toml_parser lex +
#      parse of the same file (the parse floor), against the 3× budget; and `check` with
#      detection on a generated monorepo of 2,000 services (workspaces, configuration files,
#      pins) against walking it and reading every manifest, within 3× too;
#   2. `stackls check` beside that baseline and `taplo lint`, on generated files of 100,
#      2,000 and 20,000 services (time and peak memory); then the human format beside JSON
#      on a findings-heavy file (20,000 services, about 27,000 findings);
#   3. the server over stdio: initialize, edit -> diagnostics, hover, completion;
#   4. the divan benchmarks of each analysis phase.
# taplo-cli 0.10 is built once into ~/.cache/stackls-bench (a baseline, not a dependency).
#
# Usage: benches/compare.sh [--release] [--no-taplo] [--no-bench]
#   --release   measure the release build instead of `dist` (fat LTO; several minutes to build)
#   --no-taplo  leave taplo out (nothing is built for it)
#   --no-bench  skip the divan run
set -euo pipefail
cd "$(dirname "$0")/.."

profile=dist
with_taplo=1
with_bench=1
for arg in "$@"; do
  case "$arg" in
    --release) profile=release ;;
    --no-taplo) with_taplo=0 ;;
    --no-bench) with_bench=0 ;;
    *) echo "usage: benches/compare.sh [--release] [--no-taplo] [--no-bench]" >&2; exit 2 ;;
  esac
done

taplo=-
if [ "$with_taplo" = 1 ]; then
  cache="${STACKLS_BENCH_CACHE:-$HOME/.cache/stackls-bench}"
  taplo="$cache/taplo/bin/taplo"
  if [ ! -x "$taplo" ]; then
    echo "building taplo-cli 0.10 into $cache (once; several minutes)" >&2
    cargo install taplo-cli --version '~0.10' --locked --root "$cache/taplo" >&2
  fi
fi

cargo build --profile "$profile" --locked --bin stackls --example generate --example toml_baseline --example lsp_latency --example monorepo >&2
bin="target/$profile"
out=target/bench
mkdir -p "$out"
for n in 0 100 2000 20000; do
  "$bin"/examples/generate "$n" > "$out/$n.stack.toml"
done
"$bin"/examples/generate 20000 findings > "$out/20000-findings.stack.toml"
rm -rf "$out/monorepo-2000"
"$bin"/examples/monorepo write "$out/monorepo-2000" 2000

echo "## Machine"
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "profile: $profile; $(date -u +%Y-%m-%d)"
[ "$taplo" != - ] && echo "taplo: $("$taplo" --version)"
echo
echo "## Budget: start-up and analysis against the parse floor (within 3×)"
python3 benches/compare.py --formats "$bin"/stackls "$bin"/examples/toml_baseline \
  "$out/0.stack.toml" "$out/100.stack.toml" "$out/20000.stack.toml"
echo
echo "## Budget: check with detection against walking and reading the same files (within 3×)"
python3 benches/compare.py --detection "$bin"/stackls "$bin"/examples/monorepo "$out/monorepo-2000"
echo
echo "## check, side by side"
python3 benches/compare.py "$bin"/stackls "$bin"/examples/toml_baseline "$taplo" \
  "$out/100.stack.toml" "$out/2000.stack.toml" "$out/20000.stack.toml"
echo
echo "## check on a findings-heavy file: human format beside JSON"
python3 benches/compare.py --formats "$bin"/stackls "$bin"/examples/toml_baseline "$out/20000-findings.stack.toml"
echo
echo "## Language server over stdio"
"$bin"/examples/lsp_latency "$bin"/stackls
if [ "$with_bench" = 1 ]; then
  echo
  echo "## Analysis phases (divan)"
  cargo bench --locked --bench analysis
fi
