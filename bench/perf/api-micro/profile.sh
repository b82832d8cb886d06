#!/usr/bin/env bash
# Scenario 6's request threads under load, profiled warm (round 11: docs/benchmarks.md, "6. API, eleventh round").
# Attaches async-profiler 4.1 (from ~/.m2, unzipped to a temporary directory; never a product dependency) to a running
# Opsdeck with `jcmd JVMTI.agent_load` (CPU timer, the kernel's 4 ms tick here, per thread), runs wrk for <settle>
# seconds, dumps, runs wrk for <seconds> more and stops: the difference of the two dumps is the steady state only
# (attaching makes the JIT recompile for a minute; that is in the first part). Prints each thread group's CPU seconds
# of the second part; then `phases.py <out>.collapsed <requests>` splits the request threads' samples by phase.
# Usage: profile.sh <pid> <base url> <bearer token> <out prefix> [settle s, 40] [seconds, 30] [path, /api/v1/runs]
set -euo pipefail
pid=$1 base=$2 token=$3 out=$4 settle=${5:-40} seconds=${6:-30} path=${7:-/api/v1/runs}
here=$(cd "$(dirname "$0")" && pwd); lib_dir=$(mktemp -d); trap 'rm -rf "$lib_dir"' EXIT
unzip -q -o ~/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar 'linux-x64/*' -d "$lib_dir"
lib=$lib_dir/linux-x64/libasyncProfiler.so
agent() { jcmd "$pid" JVMTI.agent_load "$lib" "\"$1\"" >/dev/null; }  # quoted: jcmd would split "a=b" options
groups() { /usr/bin/python3 -c "import sys, json; sys.path.insert(0, '$here'); import threads; print(json.dumps(threads.by_group($pid)))"; }
agent "start,event=ctimer,interval=1ms,threads"
wrk -t2 -c16 -d"${settle}s" -H "Authorization: Bearer $token" "$base$path" | grep Requests/sec
agent "dump,file=$out.a.collapsed,collapsed"
before=$(groups)
wrk -t2 -c16 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$base$path" | tee "$out.wrk" | grep -E "Requests/sec|99%|requests in"
agent "stop,file=$out.b.collapsed,collapsed"
after=$(groups)
/usr/bin/python3 - "$out" "$before" "$after" <<'PY'
import collections, json, sys
out, before, after = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
print("CPU s by thread group:", {k: round(v - before.get(k, 0), 2) for k, v in after.items() if v - before.get(k, 0) > 0.05})
def load(path):
    stacks = collections.Counter()
    for line in open(path):
        stack, n = line.rstrip().rsplit(" ", 1)
        stacks[stack] += int(n)
    return stacks
a, b = load(out + ".a.collapsed"), load(out + ".b.collapsed")
with open(out + ".collapsed", "w") as f:
    for stack, n in b.items():
        if n - a.get(stack, 0) > 0:
            f.write(f"{stack} {n - a.get(stack, 0)}\n")
PY
