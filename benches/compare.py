#!/usr/bin/env python3
"""Side-by-side timings of `stackls check`, a bare toml_parser lex + parse (the baseline) and
`taplo lint --no-schema` on generated stack files, as one table (TAPLO `-` leaves taplo
out). Run through `benches/compare.sh`, which builds everything first.

With `--formats STACKLS BASELINE FILE...`: the human format (`--color never`) beside
`--format json` on each file, both as ratios to the baseline and checked against the budget
(within 3× of it): a file of no services measures start-up, larger ones the analysis.

With `--detection STACKLS MONOREPO DIR...`: `check` of each generated monorepo's stack file
(`examples/monorepo.rs`: detection reads every service's folder) beside the baseline
`MONOREPO read DIR` (the same walk, reading every manifest it meets), against the same
budget; `check --no-detect` is shown for what detection itself costs.

Each command runs as its own process; the figure is the median wall time of several runs,
and the peak RSS is the largest any run reached (from wait4)."""

import os
import statistics
import subprocess
import sys
import time

# `check` stays within this multiple of the baseline, in either format.
BUDGET = 3.0


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


def run_once(cmd):
    """One run: wall time, CPU time (user + system, every thread) and peak RSS in KiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited with {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def count_findings(stackls, path):
    """From the summary line of the human format ("0 errors, 12 warnings, 3 hints in 1 file"),
    read line by line: a child's peak RSS includes this process's memory at the fork, so
    this process stays small."""
    last = ""
    with subprocess.Popen([stackls, "check", "--color", "never", path], stdout=subprocess.PIPE, text=True) as proc:
        for line in proc.stdout:
            last = line
    return sum(int(part.split()[0]) for part in last.split(" in ")[0].split(", "))


def formats(stackls, baseline, files):
    print(f"| services | lines | findings | toml_parser baseline | `check` (human) | ratio | `check --format json` | ratio | peak RSS (human / JSON) | within {BUDGET:g}× |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for path in files:
        with open(path, encoding="utf-8") as f:
            first = f.readline()
            lines = 1 + sum(1 for _ in f)
        services = int(first.split()[2]) if first.startswith("# Generated: ") else 0
        findings = count_findings(stackls, path)
        # Interleaved, so a noisy spell of the machine falls on all three alike.
        times = {"base": [], "human": [], "json": []}
        peak = {"human": 0, "json": 0}
        for _ in range(15):
            times["base"].append(run([baseline, path], 1)[0])
            for kind, flags in (("human", ["--color", "never"]), ("json", ["--format", "json"])):
                t, rss = run([stackls, "check", *flags, path], 1)
                times[kind].append(t)
                peak[kind] = max(peak[kind], rss)
        base, human, js = (statistics.median(times[k]) for k in ("base", "human", "json"))
        within = "yes" if max(human, js) <= BUDGET * base else "no"
        print(
            f"| {services:,} | {lines:,} | {findings:,} | {ms(base)} | {ms(human)} | {human / base:.1f}× | "
            f"{ms(js)} | {js / base:.1f}× | {peak['human'] / 1024:.0f} / {peak['json'] / 1024:.0f} MB | {within} |"
        )


def detection(stackls, monorepo, dirs):
    """Wall time, and CPU time beside it: on a shared machine a run waits for a core, and the
    CPU time is what the work itself cost (`check` uses a second thread, so its CPU time may
    exceed its wall time)."""
    print(
        "| services | files | manifests read | walk + read baseline (wall / CPU) | `check` with detection (wall / CPU) "
        f"| ratio (wall / CPU) | `check --no-detect` (wall) | peak RSS | within {BUDGET:g}× |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for d in dirs:
        stack = os.path.join(d, "stack.toml")
        with open(stack, encoding="utf-8") as f:
            services = sum(1 for line in f if line.startswith("[services."))
        files = sum(len(names) for _, _, names in os.walk(d))
        read = subprocess.run([monorepo, "read", d], capture_output=True, text=True, check=True).stdout.split()[0]
        # Interleaved, so a noisy spell of the machine falls on all three alike.
        wall = {"base": [], "check": [], "plain": []}
        cpu = {"base": [], "check": []}
        peak = 0
        for _ in range(15):
            for kind, cmd in (
                ("base", [monorepo, "read", d]),
                ("check", [stackls, "check", "--format", "json", stack]),
                ("plain", [stackls, "check", "--format", "json", "--no-detect", stack]),
            ):
                w, c, rss = run_once(cmd)
                wall[kind].append(w)
                if kind in cpu:
                    cpu[kind].append(c)
                if kind == "check":
                    peak = max(peak, rss)
        base, check, plain = (statistics.median(wall[k]) for k in ("base", "check", "plain"))
        base_cpu, check_cpu = (statistics.median(cpu[k]) for k in ("base", "check"))
        within = "yes" if check <= BUDGET * base else "no"
        print(
            f"| {services:,} | {files:,} | {int(read) / 1e6:.1f} MB | {ms(base)} / {ms(base_cpu)} | {ms(check)} / {ms(check_cpu)} "
            f"| {check / base:.1f}× / {check_cpu / base_cpu:.1f}× | {ms(plain)} | {peak / 1024:.0f} MB | {within} |"
        )


def main():
    if sys.argv[1] == "--formats":
        formats(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    if sys.argv[1] == "--detection":
        detection(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    stackls, baseline, taplo, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    taplo_columns = " `taplo lint` | taplo / stackls |" if taplo != "-" else ""
    print(f"| services | lines | toml_parser baseline | `stackls check` | ratio to baseline | peak RSS |{taplo_columns}")
    print("|---|---|---|---|---|---|" + ("---|---|" if taplo != "-" else ""))
    for path in files:
        services = os.path.basename(path).split(".")[0]
        with open(path, encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        base, _ = run([baseline, path], 15)
        check, rss = run([stackls, "check", "--format", "json", path], 15)
        row = f"| {int(services):,} | {lines:,} | {ms(base)} | {ms(check)} | {check / base:.1f}× | {rss / 1024:.0f} MB |"
        if taplo != "-":
            # taplo is slow on large files: fewer runs there.
            slow, _ = run([taplo, "lint", "--no-schema", path], 3 if lines > 50_000 else 9)
            row += f" {ms(slow)} | {slow / check:.0f}× |"
        print(row)


if __name__ == "__main__":
    main()
