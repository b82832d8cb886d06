"""Scenario 8 of issue 8: the DR drill benchmark of issue 3, reported in the same table.

Runs `bench/drill-restore.sh --db-gb 0.25 --media-gb 0.25 --no-docs` (the JUnit class
io.opsdeck.bench.DrillRestoreBenchmark through the Maven wrapper: a `full` drill through the API against the plain
sequential restore, SDK download + pg_restore -j2 + tar -xzf, on the same generated backup; see docs/benchmarks.md,
"Drill restore") and reads the drill's total, the baseline's mean (one before, one after) and their ratio from the
report it writes to bench/results/drill-restore-*.md. The target, <= 1.0x, is the drills issue's.

It runs its own application context (the test's), not the bench's Opsdeck. At 0.25 + 0.25 GiB the drill's fixed
cost (~25 s of Ansible tasks, see docs/benchmarks.md) weighs more than at 1 GiB, so the ratio is worse than there.
Skipped in the smoke: it needs a Maven test run.
"""
from __future__ import annotations

import re
import subprocess
import time

from harness import ROOT, Row

TITLE = "DR drill vs sequential restore (bench/drill-restore.sh, 0.25 GiB + 0.25 GiB)"
DB_GB = "0.25"
MEDIA_GB = "0.25"


def run(ctx):
    if ctx.smoke:
        return [Row("8 drill", "drill / sequential restore", "skipped", "—", None, "≤ 1.0×", None,
                    "smoke: needs a Maven test run (bench/drill-restore.sh)")]
    started = time.time()
    log = ctx.work / "drill-restore.out"
    with open(log, "w") as out:
        status = subprocess.run([str(ROOT / "bench" / "drill-restore.sh"), "--db-gb", DB_GB, "--media-gb", MEDIA_GB,
                                 "--no-docs"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT).returncode
    reports = sorted(p for p in (ROOT / "bench" / "results").glob("drill-restore-*.md")
                     if p.stat().st_mtime >= started)
    if status != 0 or not reports:
        raise RuntimeError(f"bench/drill-restore.sh exited {status}; see {log} and target/surefire-reports/")
    text = reports[-1].read_text()
    drill = float(re.search(r"\| \*\*total\*\* \(`durationSeconds`\) \| \*\*([\d.]+)\*\*", text).group(1))
    baseline = float(re.search(r"\| \*\*total\*\* \| [\d.]+ / [\d.]+ / \*\*([\d.]+)\*\* \|", text).group(1))
    drill_status = re.search(r"through the API; status (\w+)", text).group(1)
    row = Row.ratio_row("8 drill", f"`full` drill through the API vs SDK download + `pg_restore -j2` + `tar -xzf` "
                        f"({DB_GB} GiB database + {MEDIA_GB} GiB media)", drill, baseline, 1.0,
                        notes=f"drill {drill_status}; baseline mean of one run before and one after; report "
                              f"bench/results/{reports[-1].name}; whole benchmark {time.time() - started:.0f} s")
    if drill_status != "SUCCEEDED":
        row.passed = False
    return [row]
