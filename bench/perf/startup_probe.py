"""A/B probe for scenario 7 (a restart to ready), not part of the harness's table.

Starts Opsdeck the way `scripts/run.sh` does (its default JVM options, the extracted jar with its class archive,
`-Dspring.aot.enabled=true`), once per side and round, alternating the order per round, all on the same data
directory (restarts; the first start, which creates the data directory, is not reported). Per start: the wall time
from the exec of `java` to the first 200 from `/actuator/health/readiness` (polled every 50 ms, as the scenario
does), the JVM's CPU until then by thread group (`main`, C1 and C2 compiler threads, GC, the rest), how long `main`
waited for a core (runqueue delay from /proc/<pid>/task/<tid>/schedstat) and how long it was blocked (wall - CPU -
runqueue wait: I/O, locks, waiting for PostgreSQL), the embedded PostgreSQL's CPU until ready, the load average at
the exec, and the JVM's RSS after --idle seconds. With --timeline, every log line of the last round's starts with
its offset from the exec and `main`'s CPU / runqueue wait / the JIT's CPU at that moment (sampled every 50 ms with
the readiness poll): where the wall and CPU seconds of a start go.

    /usr/bin/python3 bench/perf/startup_probe.py --side main=/tmp/main-app --side new=target/opsdeck-app --rounds 4

A side is `label=DIR` (DIR holds opsdeck.jar and opsdeck.aot (Java 25+) or opsdeck.jsa as `scripts/cds-archive.sh`
makes them) or
`label=DIR::OPTIONS` (JVM options added after the defaults, e.g. `-XX:CICompilerCount=2` or an `-agentpath:`);
`label=DIR:=OPTIONS` replaces the default options instead. On a shared machine the CPU figures are the finding; the
wall times move with the load.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from harness import APP_HOST, free_port  # noqa: E402
from scenario_startup import AOT_OPTION, readme_java_opts  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(?:Z|[+-]\d\d:\d\d))\s+\w+\s+\d+ --- \[[^]]*\] \[\s*([^]]*)\] (\S+)\s*: (.*)")


def thread_group(comm: str) -> str:
    if comm == "main":  # the launcher's thread running main() keeps the process's name, "java": see main_tid()
        return "main"
    if comm.startswith("C1 CompilerThre"):
        return "C1"
    if comm.startswith("C2 CompilerThre"):
        return "C2"
    if re.match(r"(GC Thread|G1 |VM Periodic)", comm):
        return "GC"
    if comm == "VM Thread":
        return "VM Thread"
    return "other"


def task_stats(pid: int) -> dict[int, tuple[str, float, float]]:
    """@return tid -> (name, CPU seconds, seconds waited on a runqueue) for every live thread of `pid`; the thread
    that runs main() is named "main" (the kernel knows it as "java", like the launcher's first thread, which only
    waits for it: the busier of the two)"""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            comm = Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip()
            run_ns, wait_ns, _ = Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()
        except (OSError, ValueError):
            continue
        out[int(tid)] = (comm, int(run_ns) / 1e9, int(wait_ns) / 1e9)
    launcher = [tid for tid, s in out.items() if s[0] == "java"]
    if launcher:
        tid = max(launcher, key=lambda t: out[t][1])
        out[tid] = ("main", *out[tid][1:])
    return out


def process_cpu(pid: int, children: bool = False) -> float:
    """@return user + system CPU seconds of `pid` (all its threads; with `children`, also its reaped children's)"""
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(f[11]) + int(f[12]) + ((int(f[13]) + int(f[14])) if children else 0)
    return ticks / TICK


def postgres_cpu(data: Path) -> float:
    """@return CPU seconds of the embedded PostgreSQL: the postmaster (with its reaped children) and its live
    children; 0 when it does not run"""
    try:
        postmaster = int((data / "pgdata" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    total = process_cpu(postmaster, children=True)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                    total += process_cpu(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return total


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bootstrap_token(data: Path) -> str:
    """@return the bootstrap token of every start on `data`: one per data directory, as a restart with
    OPSDECK_BOOTSTRAP_TOKEN set sees it (the token exists after the first start, so a restart only checks it; round
    11's probe gave every start a new token, so every start also created one and looked up the admin)"""
    return "odk_probe_" + hashlib.sha256(str(data.resolve()).encode()).hexdigest()[:32]


class Side:
    def __init__(self, spec: str, java: str):
        label, rest = spec.split("=", 1)
        self.label = label
        replace = ":=" in rest
        directory, _, options = rest.partition(":=" if replace else "::")
        self.dir = Path(directory).resolve()
        base = [] if replace else [*readme_java_opts(java), self.archive_option(), AOT_OPTION]
        self.java_opts = [*base, *options.split()]
        self.runs: list[dict] = []

    def archive_option(self) -> str:
        """@return the option that starts the JVM with this side's archive: `-XX:AOTCache=` when DIR holds
        opsdeck.aot (Java 25+), else `-XX:SharedArchiveFile=` for opsdeck.jsa (as scripts/run.sh chooses)"""
        aot = self.dir / "opsdeck.aot"
        return f"-XX:AOTCache={aot}" if aot.exists() else f"-XX:SharedArchiveFile={self.dir / 'opsdeck.jsa'}"


def start(side: Side, java: str, data: Path, log_path: Path, idle_s: float, timeout_s: float) -> dict:
    """Starts one Opsdeck on `data`, waits for readiness, samples, idles, stops it. @return the figures of the start"""
    port, db_port = free_port(APP_HOST), free_port("127.0.0.1")
    cmd = [java, *side.java_opts, "-jar", str(side.dir / "opsdeck.jar"),
           f"--server.address={APP_HOST}", f"--server.port={port}", f"--opsdeck.data-directory={data}",
           f"--opsdeck.bootstrap-token={bootstrap_token(data)}",
           f"--opsdeck.embedded-database.port={db_port}", "--opsdeck.server-metrics.default-enabled=false"]
    url = f"http://{APP_HOST}:{port}/actuator/health/readiness"
    load = os.getloadavg()[0]
    log_offset = log_path.stat().st_size if log_path.exists() else 0
    with open(log_path, "ab") as log:
        wall0 = time.time()
        t0 = time.monotonic()
        process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=data, start_new_session=True)
    samples = []  # (seconds since exec, main CPU, main runqueue wait, JIT CPU)
    ready = None
    try:
        while time.monotonic() - t0 < timeout_s:
            if process.poll() is not None:
                raise RuntimeError(f"exited with {process.returncode}; log {log_path}")
            with_threads = task_stats(process.pid)
            main = next((s for s in with_threads.values() if s[0] == "main"), ("main", 0.0, 0.0))
            jit = sum(s[1] for s in with_threads.values() if "CompilerThre" in s[0])
            samples.append((time.monotonic() - t0, main[1], main[2], jit))
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        ready = time.monotonic() - t0
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.05)
        if ready is None:
            raise TimeoutError(f"not ready after {timeout_s} s; log {log_path}")
        threads = task_stats(process.pid)
        total = process_cpu(process.pid)
        pg = postgres_cpu(data)
        groups: dict[str, float] = {}
        for comm, cpu, _ in threads.values():
            groups[thread_group(comm)] = groups.get(thread_group(comm), 0.0) + cpu
        groups["exited/unnamed"] = max(0.0, total - sum(groups.values()))
        main = next(s for s in threads.values() if s[0] == "main")
        top_other = sorted(((cpu, comm) for comm, cpu, _ in threads.values() if thread_group(comm) == "other"),
                           reverse=True)[:4]
        time.sleep(idle_s)
        rss = rss_mb(process.pid)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(90)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return {"ready": ready, "cpu": total, "groups": groups, "main_cpu": main[1], "main_wait": main[2],
            "main_blocked": ready - main[1] - main[2], "pg": pg, "load": load, "rss": rss, "top_other": top_other,
            "samples": samples, "wall0": wall0, "log": log_path, "log_offset": log_offset}


def timeline(run: dict) -> None:
    """Prints the start's log lines with their offset from the exec and main's / the JIT's CPU then."""
    text = run["log"].read_bytes()[run["log_offset"]:].decode(errors="replace")
    samples = run["samples"]

    def at(t: float) -> tuple[float, float, float]:
        before = [s for s in samples if s[0] <= t]
        return before[-1][1:] if before else (0.0, 0.0, 0.0)

    print(f"{'t(s)':>6} {'main':>5} {'wait':>5} {'jit':>5}  thread / logger: message")
    for line in text.splitlines():
        m = LOG_TIME.match(line)
        if not m:
            continue
        t = dt.datetime.fromisoformat(m.group(1).replace("Z", "+00:00")).timestamp() - run["wall0"]
        if t > run["ready"] + 0.5:
            break
        main, wait, jit = at(t)
        print(f"{t:6.2f} {main:5.2f} {wait:5.2f} {jit:5.2f}  [{m.group(2)[-15:]}] {m.group(3)[-30:]}: {m.group(4)[:90]}")
    main, wait, jit = samples[-1][1:]
    print(f"{run['ready']:6.2f} {main:5.2f} {wait:5.2f} {jit:5.2f}  readiness 200")


def describe(run: dict) -> str:
    g = run["groups"]
    others = ", ".join(f"{c[:15]} {v:.2f}" for v, c in run["top_other"])
    return (f"ready {run['ready']:5.2f} s  CPU {run['cpu']:5.2f} s (main {g.get('main', 0):.2f}, C1 {g.get('C1', 0):.2f}, "
            f"C2 {g.get('C2', 0):.2f}, GC {g.get('GC', 0):.2f}, VM {g.get('VM Thread', 0):.2f}, other "
            f"{g.get('other', 0):.2f}, exited {g.get('exited/unnamed', 0):.2f})  main waited {run['main_wait']:.2f} s, "
            f"blocked {run['main_blocked']:.2f} s  PostgreSQL {run['pg']:.2f} s  RSS {run['rss']:.0f} MB  "
            f"load {run['load']:.1f}  [{others}]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--side", action="append", required=True, help="label=DIR[::OPTIONS | :=OPTIONS]")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds idle before the RSS sample")
    parser.add_argument("--work", type=Path, default=Path("/tmp/startup-probe"))
    parser.add_argument("--java", default="java")
    parser.add_argument("--timeline", action="store_true", help="print the last round's timelines")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    sides = [Side(spec, args.java) for spec in args.side]
    data = args.work / "data"
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "pgdata").exists():  # the first start creates the data directory; restarts are measured
        print("first start (not reported) ...", flush=True)
        start(sides[0], args.java, data, args.work / f"{sides[0].label}.log", 1, args.timeout)
    for r in range(args.rounds):
        order = sides if r % 2 == 0 else sides[::-1]
        for side in order:
            run = start(side, args.java, data, args.work / f"{side.label}.log", args.idle, args.timeout)
            side.runs.append(run)
            print(f"round {r + 1} {side.label:>10}: {describe(run)}", flush=True)
    print()
    for side in sides:
        rs = side.runs
        mean = lambda key: statistics.mean(run[key] for run in rs)
        gmean = lambda g: statistics.mean(run["groups"].get(g, 0.0) for run in rs)
        print(f"{side.label:>10}: {len(rs)} starts: ready {mean('ready'):.2f} s (median "
              f"{statistics.median(run['ready'] for run in rs):.2f}), CPU {mean('cpu'):.2f} s (main {gmean('main'):.2f}, "
              f"JIT {gmean('C1') + gmean('C2'):.2f} = C1 {gmean('C1'):.2f} + C2 {gmean('C2'):.2f}, GC {gmean('GC'):.2f}), "
              f"main waited {mean('main_wait'):.2f} s, blocked {mean('main_blocked'):.2f} s, PostgreSQL "
              f"{mean('pg'):.2f} s, RSS {min(run['rss'] for run in rs):.0f}-{max(run['rss'] for run in rs):.0f} MB, "
              f"load {mean('load'):.1f}; options {' '.join(side.java_opts)}")
    if args.timeline:
        for side in sides:
            print(f"\n== timeline, {side.label}, last round")
            timeline(side.runs[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
