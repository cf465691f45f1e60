#!/usr/bin/env bash
# Reproduces every figure of the README's Performance section in one run:
#   1. `stackls check` beside a bare toml_parser lex + parse and `taplo lint`, on generated
#      files of 100, 2,000 and 20,000 services (time and peak memory); then the human format
#      beside JSON on a findings-heavy file (20,000 services, about 27,000 findings);
#   2. the server over stdio: initialize, edit -> diagnostics, hover, completion;
#   3. the divan benchmarks of each analysis phase.
# taplo-cli 0.10 is built once into ~/.cache/stackls-bench (a baseline, not a dependency).
#
# Usage: benches/compare.sh [--no-bench]
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${STACKLS_BENCH_CACHE:-$HOME/.cache/stackls-bench}"
taplo="$cache/taplo/bin/taplo"
if [ ! -x "$taplo" ]; then
  echo "building taplo-cli 0.10 into $cache (once; several minutes)" >&2
  cargo install taplo-cli --version '~0.10' --locked --root "$cache/taplo" >&2
fi

# The dist profile: release with fat LTO, as distributed.
cargo build --profile dist --locked --bin stackls --example generate --example toml_baseline --example lsp_latency >&2
bin=target/dist
out=target/bench
mkdir -p "$out"
for n in 100 2000 20000; do
  "$bin"/examples/generate "$n" > "$out/$n.stack.toml"
done
"$bin"/examples/generate 20000 findings > "$out/20000-findings.stack.toml"

echo "## Machine"
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "taplo: $("$taplo" --version)"
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
if [ "${1:-}" != "--no-bench" ]; then
  echo
  echo "## Analysis phases (divan)"
  cargo bench --locked --bench analysis
fi
