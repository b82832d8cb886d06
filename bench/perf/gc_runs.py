"""Per measured run of `ssh_probe.py --marks`: what G1 did, from the JVMs' GC logs (issue 8, thirteenth round).

    BENCH_JAVA_OPTS="-Xlog:gc*:file=DIR/gc-%p.log:uptime" python3 bench/perf/ssh_probe.py --marks --keep DIR ... > OUT
    python3 bench/perf/gc_runs.py OUT DIR

Matches each GC log to its jar by the process id in the app log the probe kept (`DIR/<label>.log`), and counts per
measured run (its JVM uptime window, plus 0.3 s for the final flush): young pauses, concurrent marking starts, the
old regions gained at young pauses (what survived and did not fit the survivor space: promotion, 1 MiB regions under
-Xmx256m) and the pause time; beside it the run's JVM CPU without the JIT compilers', and G1's threads' CPU.
"""
import glob
import os
import re
import statistics
import sys


def labels(directory):
    """@return label -> GC log path"""
    found = {}
    for gc_log in glob.glob(os.path.join(directory, "gc-*.log")):
        pid = re.search(r"gc-(\d+)", gc_log).group(1)
        for app_log in glob.glob(os.path.join(directory, "*.log")):
            if os.path.basename(app_log).startswith("gc-"):
                continue
            with open(app_log, errors="replace") as f:
                if f" {pid} --- " in f.read():
                    found[os.path.basename(app_log)[:-4]] = gc_log
    return found


def thread_cpu(line, name):
    m = re.search(re.escape(name) + r" ([\d.]+)", line)
    return float(m.group(1)) if m else 0.0


def main(out, directory):
    windows = {}
    with open(out) as f:
        for line in f:
            m = re.match(r"round (\d+) (\S+): .*uptime (\d+)-(\d+) ms", line)
            if m and "(warm-up)" not in line:
                windows.setdefault(m.group(2), []).append((int(m.group(1)), int(m.group(3)) / 1000,
                                                           int(m.group(4)) / 1000, line))
    for label, gc_log in sorted(labels(directory).items()):
        events = []
        with open(gc_log) as f:
            for line in f:
                m = re.match(r"\[(\d+\.\d+)s\] GC\((\d+)\) (.*)", line)
                if m:
                    events.append((float(m.group(1)), int(m.group(2)), m.group(3)))
        rows = []
        for rnd, start, end, line in windows.get(label, []):
            inside = [e for e in events if start <= e[0] <= end + 0.3]
            young = len({e[1] for e in inside if e[2].startswith("Pause Young")})
            marks = len({e[1] for e in inside if "Concurrent Start" in e[2]})
            promoted = 0
            for e in inside:
                m = re.match(r"Old regions: (\d+)->(\d+)", e[2])
                if m:
                    promoted += max(0, int(m.group(2)) - int(m.group(1)))
            pause = sum(float(x) for e in inside for x in re.findall(r"\d+M->\d+M\(\d+M\) ([\d.]+)ms", e[2]))
            jvm = float(re.search(r"JVM ([\d.]+) s", line).group(1))
            jit = float(re.search(r"\(JIT ([\d.]+)", line).group(1))
            g1 = thread_cpu(line, "G# Conc##") + thread_cpu(line, "GC Thread##")
            rows.append((rnd, young, marks, promoted, pause, jvm - jit, g1))
        print(f"{label}: round, young pauses, concurrent starts, old regions gained, pause ms, JVM CPU - JIT s, "
              "G1 threads CPU s")
        for r in rows:
            print(f"  {r[0]:3d} {r[1]:3d} {r[2]:3d} {r[3]:3d} {r[4]:7.1f} {r[5]:6.3f} {r[6]:6.3f}")
        if rows:
            print(f"  sum: young {sum(r[1] for r in rows)}, concurrent starts {sum(r[2] for r in rows)}, old regions "
                  f"gained {sum(r[3] for r in rows)}, pauses {sum(r[4] for r in rows):.0f} ms; medians: JVM CPU - JIT "
                  f"{statistics.median(r[5] for r in rows):.3f} s, G1 threads {statistics.median(r[6] for r in rows):.3f}"
                  f" s (mean {statistics.mean(r[6] for r in rows):.3f} s); {len(rows)} runs")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
