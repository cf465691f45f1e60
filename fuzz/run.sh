#!/usr/bin/env bash
# A bounded fuzz run of every target (default 60 s each), with the corpora seeded from the
# examples and test fixtures. Needs cargo-fuzz (installed into target/tools when missing);
# on a stable toolchain, RUSTC_BOOTSTRAP lets cargo-fuzz pass its sanitizer flags.
# Usage: fuzz/run.sh [SECONDS [TARGET...]]   (every target when none is named)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(analyze edits manifests)
tools="$PWD/target/tools"
if [[ ! -x "$tools/bin/cargo-fuzz" ]]; then
  cargo install cargo-fuzz --locked --root "$tools"
fi
export PATH="$tools/bin:$PATH" RUSTC_BOOTSTRAP=1
# The corpora and the logs' folder are git-ignored: a fresh clone has none of them.
mkdir -p fuzz/corpus/analyze fuzz/corpus/edits fuzz/corpus/manifests target
# Seed the analysis corpus from every stack file the repository ships.
for f in examples/*.toml tests/data/*/*.toml; do
  cp "$f" "fuzz/corpus/analyze/seed-$(echo "$f" | tr '/' '_')"
done
# Seed the manifests corpus from every file of the detection fixtures, as the target reads
# its input: the file's name (which picks the format, as detection does), a NUL, its text.
find tests/data/detect tests/data/drift -type f -print0 | while IFS= read -r -d '' f; do
  { printf '%s\0' "$(basename "$f")"; cat "$f"; } > "fuzz/corpus/manifests/seed-$(echo "$f" | tr '/' '_')"
done
for target in "${targets[@]}"; do
  echo "== fuzzing $target for ${seconds}s"
  cargo fuzz run "$target" "fuzz/corpus/$target" -- -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 2>&1 \
    | tee "target/fuzz-$target.log" | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|==[0-9]+==|SUMMARY|Done)' || true
  grep -q 'stat::number_of_executed_units' "target/fuzz-$target.log" || { echo "fuzzing $target failed: see target/fuzz-$target.log"; exit 1; }
done
