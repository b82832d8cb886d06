"""A/B probe for scenario 5 (replay of a finished 100 MB log), not part of the harness's table.

Starts one Opsdeck per jar side by side (each on its own embedded PostgreSQL, like bench.py: -Xmx256m, G1), stores
the same 100 MB SSH run of scenario 1 in each, checks that each replays the file byte for byte, warms up, then
times `curl .../log | wc -l` against each jar in turn (the order alternates per round, so both see the same load)
and `cat file | wc -l`. Per replay: wall, the JVM's CPU as the sum of its threads' (by name, from schedstat in
nanoseconds, polled every 20 ms since the replay's `opsdeck-io` threads come and go), PostgreSQL's CPU and the client's
(`sh + curl + wc`, getrusage of the children). On a shared machine the CPU figures are the finding; the wall
ratios move with the load. `--floor` times the minimal sendfile server (sendfile_floor.py) in the same rounds, with its
own CPU, and `--ttfb N` splits the time to the first byte (the log, /api/v1/me, liveness, the floor).

    ip netns exec replay python3 bench/perf/replay_probe.py --jar base=/tmp/base.jar --jar new=target/x.jar --floor
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402
import scenario_ssh  # noqa: E402
from scenario_ssh import MB, ThreadCpu, make_output, process_cpu  # noqa: E402
from sendfile_floor import SendfileFloor  # noqa: E402

JAVA_OPTS = ["-Xmx256m", "-XX:+UseG1GC", *os.environ.get("BENCH_JAVA_OPTS", "").split()]


JAVA_NAMES: dict[int, str] = {}  # tid -> the Java thread's own name (comm keeps 15 characters: Tomcat's poller and
# request threads are all `http-nio-127.0.`), filled by java_thread_names


def java_thread_names(pid: int) -> None:
    """Reads the Java names of `pid`'s threads (`jcmd <pid> Thread.print`, `nid=0x<tid>`) into JAVA_NAMES, so that
    Tomcat's poller (which runs `sendfile`) and its request threads are told apart"""
    out = subprocess.run(["jcmd", str(pid), "Thread.print"], capture_output=True, text=True).stdout
    for m in re.finditer(r'^"([^"]+)".*? nid=(0x[0-9a-f]+)', out, re.M):
        name = m.group(1)
        if name.startswith("http-nio"):
            JAVA_NAMES[int(m.group(2), 16)] = "http-" + ("Poller" if "Poller" in name else
                                                         "Acceptor" if "Acceptor" in name else "exec")


def schedstat_threads(pid: int) -> dict[int, tuple[str, float]]:
    """@return per thread of `pid`: its name with numbers dropped and its CPU seconds so far, from
    /proc/<pid>/task/<tid>/schedstat (nanoseconds; /proc/<pid>/stat counts 10 ms ticks, too coarse here)"""
    threads = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as f:
                name = JAVA_NAMES.get(int(task)) or f.read().strip()
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                ns = int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        threads[int(task)] = (re.sub(r"\d+", "#", name), ns / 1e9)
    return threads


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", action="append", required=True, help="label=path, once per jar")
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--warm", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--floor", action="store_true",
                        help="also time, in every round beside the jars, the same `curl | wc -l` from the minimal "
                             "blocking-sendfile server (sendfile_floor.py), with that server's CPU: what sending the "
                             "file costs the kernel by itself, to read the JVM's CPU against")
    parser.add_argument("--ttfb", type=int, default=0,
                        help="then this many rounds of curl's time to the first byte: the log, /api/v1/me, liveness")
    parser.add_argument("--cold", type=int, default=0,
                        help="then, per jar, store this many more runs of the file and time each one's first replay "
                             "(with a replay cache: the one that reads PostgreSQL and writes the file) and second")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="opsdeck-replay-probe-", dir="/var/tmp") as tmp:
        work = Path(tmp)
        farm = harness.SshFarm(work)
        apps = {}
        try:
            [host] = farm.start(1)
            source = work / "output.log"
            lines = make_output(source, args.size_mb * MB)
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
            started = harness.start_apps_side_by_side(args.jar, work, JAVA_OPTS)
            server_ids = {}
            apps.update((label, (app, None)) for label, app in started.items())
            for label, app in started.items():
                api = app.api()
                farm.credential_id, host.server_id = None, None  # each Opsdeck has its own database
                [server] = farm.register(api, "bench-ssh", [host])
                server_ids[label] = server
                run = api.post("/api/v1/runs", {"kind": "ssh", "command": f"cat {source}", "servers": [server]})
                view = api.wait_run_end(run["id"])
                assert view["status"] == "SUCCEEDED", view
                apps[label] = (app, f"{app.base}/api/v1/runs/{run['id']}/log")
                print(f"{label}: ready in {app.ready_seconds:.1f} s, run stored", flush=True)

            def curl(label, sink):
                app, url = apps[label]
                return subprocess.run(["sh", "-c", f'curl -fsS -H "Authorization: Bearer $TOKEN" "$URL" {sink}'],
                                      env=dict(os.environ, TOKEN=app.token, URL=url), capture_output=True,
                                      check=True)

            scenario_ssh.thread_cpu = schedstat_threads  # ThreadCpu in nanoseconds
            for label in apps:
                # the first replay of the run: with the replay cache, the one that reads the database and writes the file
                with ThreadCpu(apps[label][0].pid, 0.02) as threads:
                    t0 = time.monotonic()
                    body = curl(label, "").stdout
                    first = time.monotonic() - t0
                print(f"{label}: first replay {first:.3f} s wall, JVM CPU {sum(threads.by_name().values()):.3f} s",
                      flush=True)
                got = hashlib.sha256(body).hexdigest()
                print(f"{label}: replay {'is' if got == digest else 'IS NOT'} the file byte for byte", flush=True)
                if got != digest:
                    return 1
                for part in ("?since=1000", "?since=500000"):
                    app, url = apps[label]
                    with_since = subprocess.run(["curl", "-fsS", "-H", f"Authorization: Bearer {app.token}",
                                                 url + part], capture_output=True, check=True).stdout
                    skip = int(part.split("=")[1])
                    expect = b"".join(source.read_bytes().splitlines(keepends=True)[skip:])
                    print(f"{label}: {part} {'ok' if with_since == expect else 'DIFFERS'}", flush=True)
            for _ in range(args.warm):
                for label in apps:
                    curl(label, "| wc -l")
            for label in apps:
                java_thread_names(apps[label][0].pid)
            results = {label: [] for label in apps}
            cats = []
            floor = None
            if args.floor:
                floor = SendfileFloor(source, apps[next(iter(apps))][0].base.split("//")[1].rsplit(":", 1)[0])
                floor_url = floor.__enter__()
                results["floor"] = []
            for r in range(args.rounds):
                order = list(results) if r % 2 == 0 else list(reversed(results))
                for label in order:
                    if label == "floor":
                        cpu0, cl0 = sum(c for _, c in schedstat_threads(floor.pid).values()), children_cpu()
                        t0 = time.monotonic()
                        out = subprocess.run(["sh", "-c", 'curl -fsS "$URL" | wc -l'], env=dict(os.environ, URL=floor_url),
                                             capture_output=True, check=True).stdout.strip()
                        wall = time.monotonic() - t0
                        cpu = sum(c for _, c in schedstat_threads(floor.pid).values()) - cpu0
                        assert int(out) == lines, out
                        results[label].append(dict(wall=wall, jvm=cpu, pg=0.0, client=children_cpu() - cl0,
                                                   threads={"server": cpu}))
                        continue
                    app, _ = apps[label]
                    pg = app.postgres_pids()
                    pg0, cl0 = process_cpu(pg), children_cpu()
                    with ThreadCpu(app.pid, 0.02) as threads:
                        t0 = time.monotonic()
                        out = curl(label, "| wc -l").stdout.strip()
                        wall = time.monotonic() - t0
                    assert int(out) == lines, out
                    results[label].append(dict(wall=wall, jvm=sum(threads.by_name().values()),
                                               pg=process_cpu(pg) - pg0, client=children_cpu() - cl0,
                                               threads=threads.by_name()))
                t0 = time.monotonic()
                subprocess.run(["sh", "-c", f'cat "{source}" | wc -l'], capture_output=True, check=True)
                cats.append(time.monotonic() - t0)
            if args.ttfb:
                # curl's time to the first byte (ms, medians), to split a replay's fixed cost: the log, an
                # authenticated request without the run (/api/v1/me), one without authentication or database (liveness)
                ttfb = {}
                fmt = ["-o", "/dev/null", "-w", "%{time_starttransfer}"]
                for k in range(args.ttfb):
                    for label in apps:
                        app, url = apps[label]
                        for what, target, auth in (("log", url, True), ("me", f"{app.base}/api/v1/me", True),
                                                   ("liveness", f"{app.base}/actuator/health/liveness", False)):
                            head = ["-H", f"Authorization: Bearer {app.token}"] if auth else []
                            out = subprocess.run(["curl", "-fsS", *fmt, *head, target], capture_output=True,
                                                 text=True, check=True).stdout
                            ttfb.setdefault((label, what), []).append(float(out) * 1000)
                    if floor is not None:
                        out = subprocess.run(["curl", "-fsS", *fmt, floor_url], capture_output=True, text=True,
                                             check=True).stdout
                        ttfb.setdefault(("floor", "file"), []).append(float(out) * 1000)
                print("time to first byte (ms, median of " + str(args.ttfb) + "): " + "; ".join(
                    f"{label} {what} {statistics.median(v):.1f}" for (label, what), v in ttfb.items()), flush=True)
            if floor is not None:
                floor.__exit__(None, None, None)
            cold = {label: [] for label in apps}
            for k in range(args.cold):
                for label in (list(apps) if k % 2 == 0 else list(reversed(apps))):
                    app, url = apps[label]
                    api = app.api()
                    run = api.post("/api/v1/runs", {"kind": "ssh", "command": f"cat {source}",
                                                    "servers": [server_ids[label]]})
                    assert api.wait_run_end(run["id"])["status"] == "SUCCEEDED"
                    apps[label] = (app, f"{app.base}/api/v1/runs/{run['id']}/log")
                    times = []
                    for i in range(2):
                        with ThreadCpu(app.pid, 0.02) as threads:
                            t0 = time.monotonic()
                            out = curl(label, "| wc -l").stdout.strip()
                            times.append((time.monotonic() - t0, sum(threads.by_name().values())))
                            if i == 0:
                                # the replay cache's file may be written after the response (on its own thread):
                                # wait for it and count the JVM's CPU up to then, by thread
                                cache = app.data / "replay-cache"
                                while cache.is_dir() and time.monotonic() - t0 < 60 and not any(
                                        f.name.startswith(run["id"]) and f.suffix == ".log" for f in cache.iterdir()):
                                    time.sleep(0.01)
                                ready = time.monotonic() - t0
                        if i == 1:
                            top = sorted(((v, n) for n, v in threads.by_name().items()), reverse=True)[:5]
                            print(f"{label}: new run's second replay {times[1][0]:.3f} s, JVM {times[1][1]:.3f} s ("
                                  + ", ".join(f"{n} {v:.3f}" for v, n in top) + ")", flush=True)
                        if i == 0:
                            spent = threads.by_name()
                            top = sorted(((v, n) for n, v in spent.items()), reverse=True)[:5]
                            print(f"{label}: new run's first replay {times[0][0]:.3f} s, JVM {times[0][1]:.3f} s; "
                                  f"file ready after {ready:.3f} s, JVM CPU until then {sum(spent.values()):.3f} s ("
                                  + ", ".join(f"{n} {v:.3f}" for v, n in top) + ")", flush=True)
                        assert int(out) == lines, out
                    apps[label] = (app, url)
                    cold[label].append(times)
            load = os.getloadavg()[0]
            cat_min = min(cats)
            print(f"\nrounds {args.rounds}, load {load:.1f}, cat|wc min {cat_min:.3f} s median "
                  f"{statistics.median(cats):.3f} s")
            for label, rs in results.items():
                med = lambda k: statistics.median(x[k] for x in rs)  # noqa: E731
                ratios = sorted(x["wall"] / c for x, c in zip(rs, cats))  # paired with its round's `cat`
                q = statistics.quantiles(ratios, n=4) if len(ratios) >= 2 else ratios * 3
                print(f"{label}: ratio to its round's cat|wc median {statistics.median(ratios):.2f}, quartiles "
                      f"{q[0]:.2f}-{q[-1]:.2f}, range {ratios[0]:.2f}-{ratios[-1]:.2f}")
                names = {}
                for x in rs:
                    for n, s in x["threads"].items():
                        names.setdefault(n, []).append(s)
                top = sorted(((statistics.median(v + [0.0] * (len(rs) - len(v))), n) for n, v in names.items()),
                             reverse=True)[:6]
                print(f"{label}: wall min {min(x['wall'] for x in rs):.3f} s median {med('wall'):.3f} s "
                      f"(ratio min/min {min(x['wall'] for x in rs) / cat_min:.2f}); JVM CPU median {med('jvm'):.3f} "
                      f"min {min(x['jvm'] for x in rs):.3f} mean {statistics.mean(x['jvm'] for x in rs):.3f}; PG {med('pg'):.3f}; client {med('client'):.3f}; "
                      f"client mean {statistics.mean(x['client'] for x in rs):.3f}; threads (median): " + ", ".join(f"{n} {s:.3f}" for s, n in top))
            if "floor" in results:
                print("(floor: the 'JVM CPU' figures are the minimal sendfile server's process CPU)")
            for label, cs in cold.items():
                if cs:
                    print(f"{label}: new runs, first replay wall " + ", ".join(f"{c[0][0]:.3f}" for c in cs)
                          + " s, JVM CPU " + ", ".join(f"{c[0][1]:.3f}" for c in cs) + " s; second replay wall "
                          + ", ".join(f"{c[1][0]:.3f}" for c in cs) + " s, JVM CPU "
                          + ", ".join(f"{c[1][1]:.3f}" for c in cs) + " s")
        finally:
            for app, _ in apps.values():
                app.stop()
            farm.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
