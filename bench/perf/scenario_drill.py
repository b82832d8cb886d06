"""Scenario 8 of issue 8: the DR drill benchmark of issue 3, reported in the same table.

Runs `bench/drill-restore.sh --db-gb N --media-gb N --no-docs` (the JUnit class io.opsdeck.bench.DrillRestoreBenchmark
through the Maven wrapper: a `full` drill through the API against the plain sequential restore, SDK download +
pg_restore -j2 + tar -xzf, on the same generated backup; see docs/benchmarks.md, "Drill restore") and reads the
drill's total, the baseline's mean (one before, one after, both after an untimed warm-up baseline: the first restore
after the setup was 3-10 s slower, which flattered the drill until the sixteenth round) and their ratio from the
report it writes to bench/results/drill-restore-*.md. Twice:

- at the drills issue's size, **1 GiB database + 1 GiB media**: the row that carries issue 3's target, <= 1.0x;
- at 0.25 + 0.25 GiB, a context row without a target (the earlier rounds' size): there the drill's fixed cost
  (ansible-playbook's start, the server tasks, the events tasks, the report; ~3-4 s) weighs four times more.

The generated backups are cached between runs by the benchmark (bench/drill-restore.sh's --cache, default
~/.cache/opsdeck/drill-restore, keyed by size and generator version, SHA-256 checked before reuse), so only the
first full run pays for generating them (minutes at 1 GiB). BENCH_DRILL_SIZES overrides the sizes, e.g. "1:1" for the
target row only or "0.25:0.25,1:1"; the first size listed that is 1:1 carries the target.

It runs its own application context (the test's), not the bench's Opsdeck. Skipped in the smoke: it needs a Maven
test run.
"""
from __future__ import annotations

import os
import re
import subprocess
import time

from harness import ROOT, Row

TITLE = "DR drill vs sequential restore (bench/drill-restore.sh, 1 GiB + 1 GiB; 0.25 GiB + 0.25 GiB for context)"
TARGET_SIZE = ("1", "1")    # issue 3: "a generated ~1 GB database and ~1 GB of media"
SIZES = [TARGET_SIZE, ("0.25", "0.25")]
TARGET = 1.0


def sizes() -> list[tuple[str, str]]:
    spec = os.environ.get("BENCH_DRILL_SIZES", "").strip()
    if not spec:
        return SIZES
    out = []
    for item in spec.split(","):
        db, _, media = item.partition(":")
        if not re.fullmatch(r"\d+(\.\d+)?", db) or not re.fullmatch(r"\d+(\.\d+)?", media):
            raise ValueError(f"BENCH_DRILL_SIZES: '{item}' is not DB_GB:MEDIA_GB")
        out.append((db, media))
    return out


def run(ctx):
    if ctx.smoke:
        return [Row("8 drill", "drill / sequential restore", "skipped", "—", None, f"≤ {TARGET}×", None,
                    "smoke: needs a Maven test run (bench/drill-restore.sh)")]
    return [measure(ctx, db, media) for db, media in sizes()]


def measure(ctx, db_gb: str, media_gb: str) -> Row:
    carries_target = float(db_gb) == 1.0 and float(media_gb) == 1.0
    started = time.time()
    log = ctx.work / f"drill-restore-{db_gb}-{media_gb}.out"
    with open(log, "w") as out:
        status = subprocess.run([str(ROOT / "bench" / "drill-restore.sh"), "--db-gb", db_gb, "--media-gb", media_gb,
                                 "--no-docs"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT).returncode
    found = re.findall(r"^result: (bench/results/drill-restore-[\w-]+\.md)", log.read_text(), re.M)
    if status != 0 or not found:
        raise RuntimeError(f"bench/drill-restore.sh exited {status}; see {log} and target/surefire-reports/")
    report = ROOT / found[-1]
    text = report.read_text()
    drill = float(re.search(r"\| \*\*total\*\* \(`durationSeconds`\) \| \*\*([\d.]+)\*\*", text).group(1))
    baseline = float(re.search(r"\| \*\*total\*\* \| [\d.]+ / [\d.]+ / \*\*([\d.]+)\*\* \|", text).group(1))
    drill_status = re.search(r"through the API; status (\w+)", text).group(1)
    load = re.search(r"\| load average \(1 min; shared machine\) \| ([^|]+) \|", text)
    cache = re.search(r"\| setup \(not timed in the comparison\) \| cache (reused|generated|off)", text)
    label = "" if carries_target else " — context: the fixed cost weighs 4× more at this size"
    metric = (f"`full` drill through the API vs SDK download + `pg_restore -j2` + `tar -xzf` "
              f"({db_gb} GiB database + {media_gb} GiB media{label})")
    warm = re.search(r"^Untimed warm-up baseline .*; total ([\d.]+) s\.$", text, re.M)
    notes = (f"drill {drill_status}; baseline mean of one run before and one after"
             f"{f' (an untimed warm-up baseline first: {warm.group(1)} s)' if warm else ''}; load {load.group(1).strip() if load else '?'}; "
             f"backup {cache.group(1) if cache else '?'} (cache); report bench/results/{report.name}; "
             f"whole benchmark {time.time() - started:.0f} s")
    if carries_target:
        row = Row.ratio_row("8 drill", metric, drill, baseline, TARGET, notes=notes)
    else:
        row = Row("8 drill", metric, f"{drill:.2f} s", f"{baseline:.2f} s", drill / baseline if baseline > 0 else None,
                  "—", None, notes)
    if drill_status != "SUCCEEDED":
        row.passed = False
    return row
