"""Per-thread CPU seconds of a JVM grouped by thread name (request threads, GC, JIT, others), from /proc/<pid>/task:
round 10 of scenario 6 (docs/benchmarks.md, "6. API, tenth round"). Thread names are cut to 15 characters by the kernel."""
import os, re, collections
def by_group(pid):
    out = collections.Counter()
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            comm = open(f"/proc/{pid}/task/{t}/comm").read().strip()
            f = open(f"/proc/{pid}/task/{t}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu = (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
        if comm.startswith("http-nio"): g = "request threads"
        elif re.match(r"G1|GC Thread", comm): g = "GC"
        elif "Compiler" in comm: g = "JIT"
        else: g = "other:" + re.sub(r"[-#]?\d+$", "", comm)
        out[g] += cpu
    return out
