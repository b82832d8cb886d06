"""Warm-up probe of scenario 6 (issue 8, round 12): how the JIT settles under `GET /api/v1/runs` traffic.

Starts one Opsdeck (or several jars, one after the other, alternating: an A/B of the warm-up curve) on its embedded
PostgreSQL, seeds 100,000 runs as scenario 6 does, then runs `wrk -t2 -c16` on the list in back-to-back windows of
WINDOW seconds and prints, per window: requests/s, the JVM's CPU seconds, the CPU seconds of the C1 and C2 compiler
threads (`/proc/<pid>/task/*/stat`, thread names "C1 CompilerThre" / "C2 CompilerThre") and the load average.

    /usr/bin/python3 bench/perf/jit_probe.py --jar A.jar [--jar B.jar] [--pairs 3] [--windows 18] [--window 10]
        [--variant '' --variant '-XX:CICompilerCount=3' ...]   (one jar, option sets rotated per round)
        [--java-opts "-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/x.log"]
        [--opts-b "..."]   (options for the second jar only, for a JVM-setting A/B with the same jar twice)

Also prints the CPU seconds from `java` exec to ready. Each start gets a fresh data directory under /var/tmp.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402
from scenario_api import seed, wrk  # noqa: E402
from scenario_ssh import process_cpu  # noqa: E402

BASE_OPTS = ["-Xmx256m", "-XX:+UseG1GC", "-Dspring.aot.enabled=true"]


GROUPS = (("C1", "C1 Compiler"), ("C2", "C2 Compiler"), ("req", "http-nio-"), ("GC", "G1 "), ("GC", "GC Thread"))


def tasks(pid: int) -> dict[int, tuple[str, float, float]]:
    """@return per thread id of `pid`: (its group: C1, C2, req = Tomcat's http-nio-* threads, GC or other; seconds on a
    CPU so far; seconds runnable but waiting for a CPU so far), from /proc/<pid>/task/*/schedstat (nanoseconds)"""
    out = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            name = Path(f"/proc/{pid}/task/{task}/comm").read_text().strip()
            run_ns, wait_ns, _ = Path(f"/proc/{pid}/task/{task}/schedstat").read_text().split()
        except (OSError, ValueError):
            continue
        group = next((g for g, prefix in GROUPS if name.startswith(prefix)), "other")
        out[int(task)] = (group, int(run_ns) / 1e9, int(wait_ns) / 1e9)
    return out


def groups(before: dict, after: dict) -> dict[str, list[float]]:
    """@return per thread group, between two `tasks` snapshots: [seconds on a CPU, seconds waiting for one, threads
    at the end]. A thread that ended in between (the JVM stops idle compiler threads) is left out: its last seconds
    are lost, not subtracted."""
    out = {g: [0.0, 0.0, 0] for g in ("C1", "C2", "req", "GC", "other")}
    for tid, (group, run_s, wait_s) in after.items():
        _, run_0, wait_0 = before.get(tid, (group, 0.0, 0.0))
        out[group][0] += run_s - run_0
        out[group][1] += wait_s - wait_0
        out[group][2] += 1
    return out


def compilers(pid: int) -> tuple[float, float]:
    """@return CPU seconds so far of the C1 and of the C2 compiler threads of `pid`"""
    g = groups({}, tasks(pid))
    return g["C1"][0], g["C2"][0]


class _Ctx:
    def __init__(self, app):
        self.app = app


def probe(jar: str, opts: list[str], windows: int, window_s: float, label: str, extra: list[str] = ()) -> dict:
    with tempfile.TemporaryDirectory(prefix="opsdeck-jit-", dir="/var/tmp") as tmp:
        work = Path(tmp)
        app = harness.App(Path(jar).resolve(), work / "app", [*BASE_OPTS, *opts],
                          [*harness.ansible_tree_args(work), *extra])
        try:
            app.start()
            ready_cpu = process_cpu([app.pid])
            ready_rss = app.rss_bytes() / 2**20
            api = app.api()
            ready_at = time.monotonic()
            seed(_Ctx(app), 100_000)
            page = api.get("/api/v1/runs")
            assert len(page["items"]) == 50, page
            url = f"{app.base}/api/v1/runs"
            rows = []
            traffic_stamp = app.ready_seconds + time.monotonic() - ready_at  # ~ the JIT log's stamp (s from exec)
            cpu_0 = process_cpu([app.pid])
            t = 0.0
            pg = app.postgres_pids()
            for _ in range(windows):
                ga = tasks(app.pid)
                cpua, pga = process_cpu([app.pid]), process_cpu(pg)
                r = wrk(url, window_s, api.token)
                gb = tasks(app.pid)
                cpub, pgb = process_cpu([app.pid]), process_cpu(pg)
                t += window_s
                d = groups(ga, gb)
                rows.append({"t": t, "rps": r["rps"], "p99": r["p99"], "jvm": cpub - cpua, "pg": pgb - pga,
                             "wrk": r["wrk_s"], "c1": d["C1"][0], "c2": d["C2"][0], "groups": d,
                             "load": os.getloadavg()[0]})
                print(f"{label} t={t:4.0f}s {r['rps']:6.0f} req/s p99 {r['p99']:6.1f} ms JVM {cpub - cpua:5.2f} s "
                      f"PG {pgb - pga:4.2f} wrk {r['wrk_s']:4.2f} | run/wait s: "
                      + " ".join(f"{g} {v[0]:.2f}/{v[1]:.2f}" + (f"({v[2]})" if g == "req" else "")
                                 for g, v in d.items())
                      + f" | load {os.getloadavg()[0]:.1f}", flush=True)
            total = {g: sum(row["groups"][g][0] for row in rows) for g in ("C1", "C2")}
            result = {"label": label, "jar": jar, "opts": opts, "ready_s": app.ready_seconds, "ready_cpu": ready_cpu,
                      "traffic_stamp": traffic_stamp, "extra": extra,
                      "ready_rss_mb": ready_rss, "end_rss_mb": app.rss_bytes() / 2**20,
                      "windows": rows, "c1_total": total["C1"], "c2_total": total["C2"],
                      "jvm_total": process_cpu([app.pid]) - cpu_0}
            print(f"{label} ready {app.ready_seconds:.1f} s, {ready_cpu:.1f} CPU s, RSS {ready_rss:.0f} MB (after the "
                  f"traffic {result['end_rss_mb']:.0f} MB); traffic: JVM {result['jvm_total']:.1f} s"
                  f", C1 {result['c1_total']:.1f} s, C2 {result['c2_total']:.1f} s; traffic from ~{traffic_stamp:.0f} s after exec",
                  flush=True)
            return result
        finally:
            app.stop()


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--jar", action="append", required=True)
    p.add_argument("--pairs", type=int, default=1)
    p.add_argument("--windows", type=int, default=18)
    p.add_argument("--window", type=float, default=10)
    p.add_argument("--java-opts", default="")
    p.add_argument("--opts-b", default=None, help="options of the second jar (default: --java-opts)")
    p.add_argument("--out", default="")
    p.add_argument("--variant", action="append", default=[],
                   help="JVM options of one variant of the first jar (repeatable; '' for none): rotates the variants")
    p.add_argument("--args-b", default="", help="Opsdeck arguments of the second jar (e.g. --server.tomcat.threads.max=8)")
    a = p.parse_args()
    jars = a.jar
    opts = [a.java_opts.split()] * len(jars)
    if a.variant:  # one jar, several option sets, rotated: round i starts with variant i mod n
        jars = [a.jar[0]] * len(a.variant)
        opts = [[*a.java_opts.split(), *v.split()] for v in a.variant]
    if a.opts_b is not None and len(jars) == 2:
        opts[1] = a.opts_b.split()
    results = []
    for i in range(a.pairs):
        n = len(jars)
        if a.variant and n > 2:
            order = [(i + k) % n for k in range(n)]
        else:
            order = list(range(n)) if i % 2 == 0 else list(reversed(range(n)))
        for j in order:
            label = f"[{i}{'ABCDEFG'[j]}]"
            extra = a.args_b.split() if j == 1 else []
            results.append(probe(jars[j], opts[j], a.windows, a.window, label, extra))
            if a.out:
                Path(a.out).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
