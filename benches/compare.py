#!/usr/bin/env python3
"""Side-by-side timings of `stackls check`, a bare toml_parser lex + parse (the baseline) and
`taplo lint --no-schema` on generated stack files, as one table. Run through
`benches/compare.sh`, which builds everything first.

Each command runs as its own process; the figure is the median wall time of several runs,
and the peak RSS is the largest any run reached (from wait4)."""

import os
import statistics
import subprocess
import sys
import time


def run(cmd, runs):
    times, peak = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss)  # KiB on Linux
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # 1: findings
            sys.exit(f"{' '.join(cmd)} exited with {code}")
    return statistics.median(times), peak


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main():
    stackls, baseline, taplo, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    print("| services | lines | toml_parser baseline | `stackls check` | ratio to baseline | peak RSS | `taplo lint` | taplo / stackls |")
    print("|---|---|---|---|---|---|---|---|")
    for path in files:
        services = os.path.basename(path).split(".")[0]
        with open(path, encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        base, _ = run([baseline, path], 15)
        check, rss = run([stackls, "check", "--format", "json", path], 15)
        # taplo is slow on large files: fewer runs there.
        slow, _ = run([taplo, "lint", "--no-schema", path], 3 if lines > 50_000 else 9)
        print(
            f"| {int(services):,} | {lines:,} | {ms(base)} | {ms(check)} | {check / base:.1f}× | "
            f"{rss / 1024:.0f} MB | {ms(slow)} | {slow / check:.0f}× |"
        )


if __name__ == "__main__":
    main()
