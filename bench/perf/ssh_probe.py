"""A/B probe for scenario 1 (a 100 MB `cat` over SSH), not part of the harness's table.

Starts one Opsdeck per jar side by side (each on its own embedded PostgreSQL, like bench.py: -Xmx256m, G1,
`-Dspring.aot.enabled=true`), then runs the same `cat` of a log-like file through each, alternating the order per
round, with `ssh host cat > file` between rounds. Per run: wall, the JVM's CPU by thread (schedstat in nanoseconds,
polled every 20 ms since a run's SSH threads come and go), the JIT compiler threads' CPU, PostgreSQL's CPU, the CPU
of sshd's side of the session (with `cat`) and the run's stored chunks; for `ssh cat > file`, its wall, the client's
and sshd's CPU. The
first rounds are the warm-up; each is printed, so the JIT's settling is visible run by run. With --pg-stats, also
PostgreSQL's commits, WAL bytes, records, writes and fsyncs per run. On a shared machine the CPU figures are the
finding; the wall ratios move with the load.

    ip netns exec ssh python3 bench/perf/ssh_probe.py --jar base=/tmp/base.jar --jar new=target/x.jar

`label=path@NAME=value` starts that JVM with an extra environment variable; BENCH_JAVA_OPTS adds JVM options to all
(e.g. `-XX:+PrintCompilation`, whose lines go to the app's log under the work directory, kept with --keep).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402
import scenario_ssh  # noqa: E402
from replay_probe import schedstat_threads  # noqa: E402
from scenario_ssh import CLOCK_TICKS, MB, ThreadCpu, make_output, process_cpu  # noqa: E402

JAVA_OPTS = ["-Xmx256m", "-XX:+UseG1GC", "-Dspring.aot.enabled=true", *os.environ.get("BENCH_JAVA_OPTS", "").split()]


def uptime_ms(pid: int) -> float:
    """@return milliseconds since the JVM started, as `-XX:+PrintCompilation` stamps its lines"""
    out = subprocess.run(["jcmd", str(pid), "VM.uptime"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.strip().endswith(" s"):
            return float(line.split()[0]) * 1000
    return float("nan")


def tree_cpu(root: int) -> float:
    """@return CPU seconds (user + system, with reaped children) of `root` and every live descendant: sshd's side
    of a session (the listener reaps its per-connection processes, so an ended session is in its children's time)"""
    stats, children = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry)] = sum(int(v) for v in fields[11:15]) / CLOCK_TICKS
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


PG_STATS = ("select (select sum(xact_commit) from pg_stat_database), pg_current_wal_lsn() - '0/0', wal_records, "
            "wal_write, wal_sync from pg_stat_wal")


def pg_stats(app: harness.App) -> list[float]:
    """@return [transactions committed, WAL bytes written (LSN), WAL records, WAL writes, WAL fsyncs] of the app's
    cluster so far. The counters other than the LSN reach the statistics when a backend goes idle, at most once a
    second: take them a second or more after the work (`--pg-stats` waits 1.5 s after each run)."""
    return [float(v) for v in app.psql(PG_STATS).strip().split("|")]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", action="append", required=True, help="label=path, once per jar")
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=10, help="rounds, the first --warm of them warm-ups")
    parser.add_argument("--warm", type=int, default=4)
    parser.add_argument("--keep", default="", help="copy each app's log here as <label>.log")
    parser.add_argument("--marks", action="store_true", help="print JVM uptime at each run's start and end")
    parser.add_argument("--profile", action="append", default=[],
                        help="async-profiler options for the measured runs, e.g. event=itimer,interval=1ms or "
                             "event=alloc (given several times: the measured runs take them in turn): loaded into each JVM with `jcmd JVMTI.agent_load` before the POST and "
                             "stopped after the run's end; one collapsed-stack file per run (a thread's name is its "
                             "root frame) under --keep, or the work directory")
    parser.add_argument("--profiler-lib", default=os.environ.get("ASYNC_PROFILER_LIB", ""),
                        help="libasyncProfiler.so (unzipped from async-profiler's jar in ~/.m2)")
    parser.add_argument("--pg-stats", action="store_true",
                        help="per run, PostgreSQL's commits, WAL bytes/records/writes/fsyncs (1.5 s pause after each)")
    args = parser.parse_args()
    scenario_ssh.thread_cpu = schedstat_threads
    with tempfile.TemporaryDirectory(prefix="opsdeck-ssh-probe-", dir="/var/tmp") as tmp:
        work = Path(tmp)
        farm = harness.SshFarm(work)
        apps = {}
        try:
            [host] = farm.start(1)
            source = work / "output.log"
            lines = make_output(source, args.size_mb * MB)
            size = os.path.getsize(source)
            apps.update(harness.start_apps_side_by_side(args.jar, work, JAVA_OPTS))
            servers = {}
            for label, app in apps.items():
                farm.credential_id, host.server_id = None, None  # each Opsdeck has its own database
                [servers[label]] = farm.register(app.api(), "bench-ssh", [host])
                print(f"{label}: ready in {app.ready_seconds:.1f} s", flush=True)
            subprocess.run(farm.ssh_command(host, f"cat {source}"), stdout=subprocess.DEVNULL, check=True)

            def baseline():
                sshd0, client0 = tree_cpu(host.process.pid), os.times()
                t0 = time.monotonic()
                with open(work / "baseline.out", "wb") as out:
                    subprocess.run(farm.ssh_command(host, f"cat {source}"), stdout=out, check=True)
                wall = time.monotonic() - t0
                client1 = os.times()
                time.sleep(0.05)  # the listener reaps the session's processes
                sshd = tree_cpu(host.process.pid) - sshd0
                client = client1.children_user + client1.children_system - client0.children_user - client0.children_system
                print(f"  ssh cat > file: wall {wall:.3f} s, client CPU {client:.3f} s, sshd+cat CPU {sshd:.3f} s",
                      flush=True)
                return wall

            def profiler(pid: int, options: str):
                if not args.profiler_lib:
                    raise SystemExit("--profile needs --profiler-lib or ASYNC_PROFILER_LIB")
                Path(args.keep or work).mkdir(parents=True, exist_ok=True)
                # quoted: jcmd's own parser would take `event=...` for one of its named arguments
                done = subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", args.profiler_lib, f'"{options}"'],
                                      capture_output=True, text=True)
                if done.returncode != 0 or "return code: 0" not in done.stdout:
                    print(f"profiler {options}: {done.stdout.strip()} {done.stderr.strip()}", flush=True)

            results = {label: [] for label in apps}
            bases = []
            for r in range(args.rounds):
                order = list(apps) if r % 2 == 0 else list(reversed(apps))
                bases.append(baseline())
                for label in order:
                    app = apps[label]
                    api = app.api()
                    pg = app.postgres_pids()
                    stats0 = pg_stats(app) if args.pg_stats else None
                    pg0, jvm0 = process_cpu(pg), process_cpu([app.pid])
                    sshd0 = tree_cpu(host.process.pid)
                    mark0 = uptime_ms(app.pid) if args.marks else None
                    profiled = args.profile[(r - args.warm) % len(args.profile)] if args.profile and r >= args.warm \
                        else None
                    if profiled:
                        profiler(app.pid, f"start,{profiled},threads")
                    with ThreadCpu(app.pid, 0.02) as threads:
                        t0 = time.monotonic()
                        run = api.post("/api/v1/runs", {"kind": "ssh", "command": f"cat {source}",
                                                        "servers": [servers[label]]})
                        view = api.wait_run_end(run["id"])
                        wall = time.monotonic() - t0
                    mark1 = uptime_ms(app.pid) if args.marks else None
                    if profiled:
                        event = profiled.split(",")[0].removeprefix("event=")
                        profiler(app.pid, f"stop,file={Path(args.keep or work) / f'{label}-{event}-r{r}.collapsed'},"
                                          "collapsed")
                    if view["status"] != "SUCCEEDED" or view["lineCount"] != lines or view["outputBytes"] != size:
                        raise RuntimeError(f"{label}: run {view['id']} {view['status']}, {view['lineCount']} lines")
                    pg_cpu = process_cpu(pg) - pg0
                    chunks = app.psql("select count(*) || ' chunks, ' || round(sum(octet_length(data)) / 1048576.0, 1) "
                                      f"|| ' MB' from run_output_chunks where run_id = '{view['id']}'").strip()
                    time.sleep(0.05)  # the listener reaps an ended session's processes
                    sshd_cpu = tree_cpu(host.process.pid) - sshd0
                    spent = threads.by_name()
                    stats, d = "", [0.0] * 5
                    if args.pg_stats:
                        time.sleep(1.5)
                        d = [b - a for a, b in zip(stats0, pg_stats(app))]
                        stats = (f"; PG commits {d[0]:.0f}, WAL {d[1] / MB:.1f} MB in {d[2]:.0f} records, "
                                 f"{d[3]:.0f} writes, {d[4]:.0f} fsyncs")
                    jit = sum(v for n, v in spent.items() if "Compiler" in n)
                    gc = sum(v for n, v in spent.items() if n.startswith("G1") or n.startswith("GC"))
                    jvm = sum(spent.values())
                    results[label].append(dict(wall=wall, jvm=jvm, jit=jit, gc=gc, pg=pg_cpu,
                                               fsyncs=d[4], wal=d[1] / MB, spent=spent))
                    top = sorted(((v, n) for n, v in spent.items() if v >= 0.005), reverse=True)[:9]
                    print(f"round {r}{' (warm-up)' if r < args.warm else ''} {label}: wall {wall:.3f} s, JVM "
                          f"{jvm:.3f} s (JIT {jit:.3f}, GC {gc:.3f}), PG {pg_cpu:.2f} s, sshd+cat {sshd_cpu:.2f} s, {chunks}{stats}; "
                          + ", ".join(f"{n} {v:.3f}" for v, n in top)
                          + (f"; uptime {mark0:.0f}-{mark1:.0f} ms" if args.marks else "")
                          + f"; load {os.getloadavg()[0]:.1f}", flush=True)
            bases.append(baseline())
            print(f"\nmeasured rounds {args.warm}..{args.rounds - 1}; ssh cat > file median "
                  f"{statistics.median(bases[args.warm:]):.3f} s; load {os.getloadavg()[0]:.1f}")
            for label, rows in results.items():
                rows = rows[args.warm:]
                med = {k: statistics.median(row[k] for row in rows) for k in ("wall", "jvm", "jit", "gc", "pg")}
                names = sorted({n for row in rows for n in row["spent"]})
                per = sorted(((statistics.median(row["spent"].get(n, 0.0) for row in rows), n) for n in names),
                             reverse=True)[:8]
                med.update({k: statistics.median(row[k] for row in rows) for k in ("fsyncs", "wal")})
                print(f"{label}: medians wall {med['wall']:.3f} s, JVM {med['jvm']:.3f} s (JIT {med['jit']:.3f}, "
                      f"GC {med['gc']:.3f}), PG {med['pg']:.3f} s"
                      + (f" (WAL {med['wal']:.1f} MB, {med['fsyncs']:.0f} fsyncs)" if args.pg_stats else "") + "; "
                      + ", ".join(f"{n} {v:.3f}" for v, n in per if v >= 0.005))
        finally:
            for app in apps.values():
                app.stop()
            farm.stop()
            if args.keep:
                Path(args.keep).mkdir(parents=True, exist_ok=True)
                for label, app in apps.items():
                    if app.log_path.exists():
                        (Path(args.keep) / f"{label}.log").write_bytes(app.log_path.read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
