"""CPU seconds per process group during a benchmark, from /proc (the machine is shared: CPU seconds suffer less from
the other helpers' load than wall time). Used for the drill's timeline (docs/benchmarks.md, "8. DR drill").

    /usr/bin/python3 bench/perf/cpu_sampler.py record OUT.tsv [INTERVAL_S]     # until killed (SIGTERM/SIGINT)
    /usr/bin/python3 bench/perf/cpu_sampler.py window OUT.tsv FROM_ISO TO_ISO  # CPU seconds per group in a window

`record` reads /proc/<pid>/stat of every process every INTERVAL_S (default 0.2 s) and writes one line per process
whose utime + stime moved: wall time (epoch seconds), pid, group, cumulative CPU seconds. A process that lives
shorter than the interval is missed; one that ends between two samples loses its last interval (both small for
the drill's processes, which are long-lived pipelines or short psql calls). Groups come from the process's name and
command line (`group()`); PostgreSQL backends are "postgres" whatever their title.
`window` sums, per group, the CPU seconds that accrued between the two instants (UTC, ISO 8601) and prints them.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def group(comm: str, cmdline: str) -> str:
    if comm.startswith("kworker") or comm.startswith("jbd2") or comm.startswith("kswapd"):
        return "kernel-writeback"
    if comm == "postgres" or cmdline.startswith("postgres:"):
        # a backend's title names its user and database: the drill restores into "app", the benchmark's baseline
        # into "app_baseline"; parallel workers, autovacuum and the clusters' own processes are "postgres:other"
        words = cmdline.split()
        if len(words) >= 3 and words[0] == "postgres:" and words[2] in ("app", "app_baseline"):
            return "postgres:" + words[2]
        return "postgres:other"
    if comm in ("pg_restore", "pg_dump", "psql"):
        return comm
    if comm in ("tar", "pigz", "gzip", "tee", "openssl", "wc", "curl", "sha256sum"):
        return "stream:" + comm
    if "ansible" in cmdline and "python" in comm or comm.startswith("ansible"):
        return "ansible-playbook:drill" if "disaster-recovery.yml" in cmdline else "ansible-playbook:other"
    if comm in ("ssh", "sshd"):
        return comm
    if comm == "java":
        if "s3proxy" in cmdline:
            return "java:s3proxy"
        if "DrillRestoreBenchmark" in cmdline or "/work/wt/drill/" in cmdline:
            return "java:this benchmark"
        if "surefire" in cmdline or "opsdeck" in cmdline:
            return "java:opsdeck/test"
        return "java:other"
    if comm.startswith("python") and "hashlib" in cmdline:
        # the media stream's hasher (opsdeck_drill's validation.yml, where the server has python3)
        return "stream:python3"
    if comm == "bash" and "/media.sh" in cmdline:
        return "stream:media.sh"
    if comm == "bash" and cmdline.strip() == "/bin/bash -s":
        return "drill:bash -s"
    if comm in ("bash", "sh", "sleep", "find", "awk", "cat", "mv", "rm", "date", "sed", "grep"):
        return "shell"
    return "other:" + comm


def record(out: str, interval: float) -> None:
    stop = False

    def done(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, done)
    signal.signal(signal.SIGINT, done)
    seen: dict[int, tuple[str, float, str]] = {}
    with open(out, "w", buffering=1) as f:
        f.write("time\tpid\tgroup\tcpu_s\n")
        while not stop:
            now = time.time()
            for name in os.listdir("/proc"):
                if not name.isdigit():
                    continue
                pid = int(name)
                try:
                    with open(f"/proc/{pid}/stat") as s:
                        stat = s.read()
                except OSError:
                    continue
                comm = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2:].split()
                cpu = (int(fields[11]) + int(fields[12])) / TICK
                known = seen.get(pid)
                # a forked process is classified again once it has exec'd (its name changed), and a PostgreSQL backend
                # until its title names its database (set after it starts)
                if known is None or known[2] != comm or known[0] == "postgres:other":
                    try:
                        with open(f"/proc/{pid}/cmdline", "rb") as c:
                            cmdline = c.read(400).replace(b"\0", b" ").decode("utf-8", "replace")
                    except OSError:
                        cmdline = ""
                    known = (group(comm, cmdline), -1.0 if known is None else known[1], comm)
                if cpu != known[1]:
                    f.write(f"{now:.3f}\t{pid}\t{known[0]}\t{cpu:.2f}\n")
                seen[pid] = (known[0], cpu, comm)
            time.sleep(interval)


def window(path: str, start_iso: str, end_iso: str) -> dict[str, float]:
    start = dt.datetime.fromisoformat(start_iso.replace("Z", "+00:00")).timestamp()
    end = dt.datetime.fromisoformat(end_iso.replace("Z", "+00:00")).timestamp()
    before: dict[int, float] = {}
    last: dict[int, tuple[str, float]] = {}
    with open(path) as f:
        next(f)
        for line in f:
            t, pid, grp, cpu = line.rstrip("\n").split("\t")
            t, pid, cpu = float(t), int(pid), float(cpu)
            if t <= start:
                before[pid] = cpu
            elif t <= end:
                last[pid] = (grp, cpu)
    sums: dict[str, float] = {}
    for pid, (grp, cpu) in last.items():
        sums[grp] = sums.get(grp, 0.0) + cpu - before.get(pid, 0.0)
    return dict(sorted(sums.items(), key=lambda kv: -kv[1]))


if __name__ == "__main__":
    if sys.argv[1] == "record":
        record(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.2)
    elif sys.argv[1] == "window":
        sums = window(sys.argv[2], sys.argv[3], sys.argv[4])
        for grp, cpu in sums.items():
            if cpu >= 0.05:
                print(f"{cpu:7.2f}  {grp}")
        print(f"{sum(sums.values()):7.2f}  (all)")
    else:
        sys.exit(__doc__)
