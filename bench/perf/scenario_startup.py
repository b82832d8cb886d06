"""Scenario 7 of issue 8: start-up time and idle footprint.

A second Opsdeck, in its own work directory, started the way the README's run command starts it (`scripts/run.sh`:
`-Xmx1g -XX:+UseG1GC`, embedded PostgreSQL): the time from the exec of `java -jar` to the first 200 from
`/actuator/health/readiness`, and the JVM's resident memory (/proc VmRSS) after it has sat idle for ~10 s.

Measured twice: the **first start** on a fresh data directory (initdb, 23 Flyway migrations, the bootstrap token)
and a **restart** on the same data directory, which is the start a user meets every day; the targets (<= 6 s,
<= 400 MB) are judged on the restart, the first start is reported beside it. The embedded PostgreSQL's processes are
not in VmRSS: their proportional set size (PSS, shared buffers counted once) is in the notes, with the CPU seconds
the JVM used until ready (user + system, all threads; on a shared machine the wall time mostly measures the load).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from harness import App, Row

TITLE = "start-up to ready and idle RSS (-Xmx1g, embedded PostgreSQL)"
MB = 1024 * 1024
README_JAVA_OPTS = ["-Xmx1g", "-XX:+UseG1GC"]  # scripts/run.sh's default OPSDECK_JAVA_OPTS


def postgres_pss_bytes(app: App) -> int:
    """PSS of the embedded PostgreSQL (postmaster and its children), bytes; 0 when it cannot be read."""
    pids = app.postgres_pids()
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    """@return user + system CPU seconds the process has used (all its threads)"""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_and_idle(app: App, idle_s: float) -> tuple[float, int, int, float]:
    """@return (seconds to ready, JVM RSS bytes and PostgreSQL PSS bytes after `idle_s` of idling, JVM CPU seconds
    used until ready)"""
    app.start()
    cpu = cpu_seconds(app.pid)
    time.sleep(idle_s)  # idling is the measurement here, not a wait for a condition
    return app.ready_seconds, app.rss_bytes(), postgres_pss_bytes(app), cpu


def run(ctx):
    idle_s = 2 if ctx.smoke else 10
    app = App(ctx.app.jar, ctx.work / "app", README_JAVA_OPTS)
    try:
        first = start_and_idle(app, idle_s)
        app.stop()
        restart = None if ctx.smoke else start_and_idle(app, idle_s)
    finally:
        app.stop()
    opts = " ".join(README_JAVA_OPTS)
    rows = [Row("7 start-up", f"first start, fresh data directory (initdb + Flyway): `java -jar` to ready "
                f"({opts})", f"{first[0]:.1f} s", "—", None, "(target is on the restart)", None,
                f"JVM CPU until ready {first[3]:.1f} s; idle RSS then {first[1] / MB:.0f} MB (JVM), PostgreSQL PSS "
                f"{first[2] / MB:.0f} MB")]
    if restart is None:
        rows.append(Row("7 start-up", "restart on the same data directory", "skipped", "—", None, "≤ 6 s", None,
                        "smoke: the first start only"))
        return rows
    rows += [
        Row.bound_row("7 start-up", f"restart on the same data directory: `java -jar` to ready ({opts})",
                      restart[0], 6, "s", notes=f"JVM CPU until ready {restart[3]:.1f} s (less noisy than wall time on a shared machine); "
                            f"first start {first[0]:.1f} s; readiness polled every 50 ms"),
        Row.bound_row("7 footprint", f"idle RSS of the JVM after {idle_s:.0f} s idle (restart, /proc VmRSS)",
                      restart[1] / MB, 400, "MB",
                      notes=f"first start {first[1] / MB:.0f} MB; embedded PostgreSQL PSS {restart[2] / MB:.0f} MB "
                            "(not included)"),
    ]
    return rows
