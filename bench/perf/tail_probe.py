"""Tail latency of scenario 6 per JVM variant, side by side (issue 8, round 15, helper `j25`).

    /usr/bin/python3 bench/perf/tail_probe.py --jar J \
        --variant '17=/usr/bin/java' --variant '25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java' \
        [--variant '25x=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:Foo'] [--pairs 2] [--warm-rounds 25]

Starts one Opsdeck per variant (`LABEL=JAVA [OPTION ...]`, on top of the bench's -Xmx256m, G1 and Spring AOT, each on
its own embedded PostgreSQL, one jar for all, or `LABEL=JAR` pairs with --jar-of), seeds 100,000 runs into each,
warms each the way scenario 6 does (`scenario_api.warm_up`, at most --warm-rounds rounds), then measures them in
turn, --pairs times: wrk -t2 -c16 on liveness (10 s) and on `GET /api/v1/runs` (20 s), as scenario 6 does. Per
window it prints wrk's latency distribution (p50/p75/p90/p99, max), the GC pauses and safepoints that the JVM logged
in that window (count, total and longest, from `-Xlog:gc,safepoint`), and the CPU seconds of the JVM's threads by
group. The point is *where* the slow requests come from: pauses of the whole JVM, or the cores being busy.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402
import scenario_api  # noqa: E402
from scenario_ssh import thread_cpu  # noqa: E402

BASE_OPTS = ["-Xmx256m", "-XX:+UseG1GC", "-Dspring.aot.enabled=true"]
PAUSE = re.compile(r"^\[(\S+?)\]\[\w+\s*\]\[gc\s*\] GC\(\d+\) (Pause .*?) (\d+\.\d+)ms$")
SAFEPOINT = re.compile(r"^\[(\S+?)\]\[\w+\s*\]\[safepoint\s*\] Safepoint \"(\w+)\".*Total: (\d+) ns")


def group(name: str) -> str:
    """@return a thread's group for the CPU table (numbers stripped)"""
    for key in ("C2 Compiler", "C1 Compiler", "G1", "GC Thread", "VM Thread", "http-nio", "tomcat-handler",
                "HikariPool", "Periodic", "VM Periodic"):
        if key in name:
            return key
    return re.sub(r"[-#]?\d+$", "", name)


def logged(path: Path, since: datetime, until: datetime) -> dict:
    """@return GC pauses and safepoints logged between the two instants: counts, totals and longest, ms"""
    pauses, points = [], []
    for line in path.read_text(errors="replace").splitlines():
        m = PAUSE.match(line) or SAFEPOINT.match(line)
        if not m:
            continue
        at = datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z")
        if not since <= at <= until:
            continue
        if m.re is PAUSE:
            pauses.append((float(m.group(3)), m.group(2)))
        else:
            points.append((int(m.group(3)) / 1e6, m.group(2)))
    kinds = defaultdict(int)
    for _, kind in points:
        kinds[kind] += 1
    return {"gc_n": len(pauses), "gc_ms": sum(p for p, _ in pauses), "gc_max": max((p for p, _ in pauses), default=0),
            "sp_n": len(points), "sp_ms": sum(p for p, _ in points), "sp_max": max((p for p, _ in points), default=0),
            "sp_kinds": dict(kinds), "gc_kinds": sorted({k.split(" (")[0] for _, k in pauses})}


def wrk_full(url: str, seconds: float, token: str | None) -> tuple[dict, str]:
    """wrk -t2 -c16 --latency like scenario 6. @return the figures (ms) and wrk's latency distribution lines"""
    cmd = ["wrk", "-t2", "-c16", f"-d{seconds:g}s", "--latency", "--timeout", "5s"]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    res = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}

    def ms(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    for p in ("50", "75", "90", "99"):
        res[f"p{p}"] = ms(re.search(rf"^\s+{p}%\s+(\S+)\s*$", out, re.M).group(1))
    res["max"] = ms(re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", out, re.M).group(1))
    return res, out


def profiler(java: str, pid: int, lib: str, options: str) -> None:
    """Loads async-profiler into `pid` with `options` (jcmd of the JVM's own java)."""
    subprocess.run([str(Path(java).parent / "jcmd"), str(pid), "JVMTI.agent_load", lib, f'"{options}"'],
                   capture_output=True, text=True, check=True)


def measure(app, label: str, url: str, seconds: float, token: str | None, gclog: Path, profile=None) -> dict:
    """One wrk window against `app`, with its pauses and its threads' CPU; `profile` = (java, lib, out file) profiles
    the window."""
    if profile:
        profiler(profile[0], app.pid, profile[1], "start,event=itimer,interval=1ms,threads")
    threads_before = thread_cpu(app.pid)
    since = datetime.now(timezone.utc)
    res, _ = wrk_full(url, seconds, token)
    until = datetime.now(timezone.utc)
    if profile:
        profiler(profile[0], app.pid, profile[1], f"stop,file={profile[2]},collapsed")
    time.sleep(0.3)  # the log's last lines
    after = thread_cpu(app.pid)
    cpu = defaultdict(float)
    for tid, (name, sec) in after.items():
        cpu[group(name)] += sec - threads_before.get(tid, (name, 0.0))[1]
    res.update(logged(gclog, since, until))
    res["cpu"] = {k: round(v, 2) for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]) if v >= 0.05}
    res["label"] = label
    res["load"] = os.getloadavg()[0]
    return res


def line(what: str, r: dict) -> str:
    return (f"{r['label']:>6} {what:8} load {r['load']:4.1f} | {r['rps']:7,.0f} req/s  p50 {r['p50']:5.1f}  p75 "
            f"{r['p75']:5.1f}  p90 {r['p90']:5.1f}  p99 {r['p99']:6.1f}  max {r['max']:6.1f} ms | GC pauses "
            f"{r['gc_n']} = {r['gc_ms']:.0f} ms (max {r['gc_max']:.1f}) {r['gc_kinds']} | safepoints {r['sp_n']} = "
            f"{r['sp_ms']:.0f} ms (max {r['sp_max']:.1f}) {r['sp_kinds']}\n{'':>16}CPU s: {r['cpu']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jar", required=True)
    parser.add_argument("--jar-of", action="append", default=[], help="LABEL=JAR: this variant runs another jar")
    parser.add_argument("--variant", action="append", required=True, help="LABEL=JAVA [OPTION ...]")
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--warm-rounds", type=int, default=25)
    parser.add_argument("--keep", default="", help="directory to copy the GC logs (and profiles) into")
    parser.add_argument("--profile", default="", help="libasyncProfiler.so: profile (itimer, by thread) every "
                                                       "window of the last pair into --keep as LABEL-WHAT.collapsed")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the apps on kill, too (finally below)
    jars = dict(j.split("=", 1) for j in args.jar_of)
    scenario_api.WARM_MAX_ROUNDS = args.warm_rounds
    apps = []
    with tempfile.TemporaryDirectory(prefix="opsdeck-tail-", dir="/var/tmp") as tmp:
        try:
            for spec in args.variant:
                label, rest = spec.split("=", 1)
                java, *opts = rest.split()
                gclog = Path(tmp) / f"gc-{label}.log"
                log_opts = [f"-Xlog:gc,gc+ihop=debug,gc+phases=debug,safepoint:file={gclog}:utctime,level,tags"]
                app = harness.App(Path(jars.get(label, args.jar)).resolve(), Path(tmp) / label,
                                  [*BASE_OPTS, *opts, *log_opts])
                path = os.environ["PATH"]
                os.environ["PATH"] = str(Path(java).parent) + os.pathsep + path
                try:
                    app.start()
                finally:
                    os.environ["PATH"] = path
                print(f"[{datetime.now():%H:%M:%S}] {label}: ready in {app.ready_seconds:.1f} s ({java} "
                      f"{' '.join(opts)})", flush=True)
                scenario_api.seed(SimpleNamespace(app=app), 100_000)
                apps.append((label, app, gclog, java))
            for label, app, _, _ in apps:
                ctx = SimpleNamespace(app=app, api=app.api(), smoke=False)
                base = ctx.api.base
                note = scenario_api.warm_up(ctx, f"{base}/api/v1/runs", f"{base}/api/v1/me",
                                            f"{base}/actuator/health/liveness")
                print(f"[{datetime.now():%H:%M:%S}] {label}: {note}", flush=True)
            for n in range(args.pairs):
                for label, app, gclog, java in apps:
                    base, token = app.base, app.api().token

                    def prof(what: str):
                        if args.profile and n == args.pairs - 1:
                            return java, args.profile, str(Path(args.keep).resolve() / f"{label}-{what}.collapsed")
                        return None
                    print(line("liveness", measure(app, label, f"{base}/actuator/health/liveness", 10, None, gclog,
                                                   prof("liveness"))), flush=True)
                    print(line("list", measure(app, label, f"{base}/api/v1/runs", 20, token, gclog, prof("list"))),
                          flush=True)
        finally:
            for _, app, gclog, _ in apps:
                app.stop()
                if args.keep:
                    Path(args.keep).mkdir(parents=True, exist_ok=True)
                    (Path(args.keep) / gclog.name).write_bytes(gclog.read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
