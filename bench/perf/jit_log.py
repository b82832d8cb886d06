"""Reads a HotSpot compilation log (`-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=X`, Java 17) and
says why compiled methods were made not entrant, per time window (issue 8, round 12: the API's warm-up).

    /usr/bin/python3 bench/perf/jit_log.py X.log [--from 25.0] [--window 10] [--top 25]

A `<make_not_entrant>` is attributed to the event just before it on the same thread:
- `tier-up>C2`, `tier-up>C1`: a C1 (level 1-3) nmethod made not entrant by a compiler thread: its C2 version (or
  another C1 tier's, e.g. level 2 -> 3) was just installed; the normal course of tiered compilation, no
  deoptimization.
- `trap:<reason>`: a Java thread hit an uncommon trap (`<uncommon_trap reason=... action=...>`) in that nmethod and
  the action said to throw it away (reinterpret, make_not_entrant, maybe_recompile past the limit).
- `dependency`: a class hierarchy assumption broke (`<dependency_failed>`: a class loaded that adds an implementor or
  an override, a call site target changed).
- `other`: anything else (e.g. a breakpoint, a redefinition).
The sweeper's `<make_not_entrant zombie='1'>` (freeing an nmethod made not entrant before; PrintCompilation's "made
zombie") is counted apart, not as a cause.
Also counts uncommon traps by reason and action (including ones that did not throw the nmethod away), the methods
with most traps, the compilations queued and installed per tier, and the sweeper's runs. `--from` is a stamp
(seconds since the JVM's start) from which on to list the top methods (e.g. when the traffic began).
"""
from __future__ import annotations

import argparse
import html
import re
from collections import Counter, defaultdict

ATTR = re.compile(r"(\w+)='([^']*)'")


def attrs(line: str) -> dict:
    return {k: html.unescape(v) for k, v in ATTR.findall(line)}


def owner(method: str) -> str:
    cls = method.split(" ", 1)[0]
    for prefix, name in (("io.opsdeck", "opsdeck"), ("org.springframework", "spring"), ("com.fasterxml", "jackson"),
                         ("org.hibernate", "hibernate"), ("tools.jackson", "jackson"), ("org.apache", "apache(tomcat..)"), ("org.postgresql", "pgjdbc"),
                         ("com.zaxxer", "hikari"), ("io.micrometer", "micrometer"), ("java.", "jdk"),
                         ("jdk.", "jdk"), ("sun.", "jdk"), ("javax.", "jdk")):
        if cls.startswith(prefix):
            return name
    return cls.rsplit(".", 1)[0]


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("log")
    p.add_argument("--from", dest="start", type=float, default=0.0)
    p.add_argument("--window", type=float, default=10.0)
    p.add_argument("--top", type=int, default=25)
    a = p.parse_args()

    methods: dict[str, tuple[str, str]] = {}  # compile_id -> (method, level)
    compiler_threads: set[str] = set()
    last_event: dict[str, tuple[str, dict]] = {}  # thread -> (kind, attrs) of its previous event
    causes = defaultdict(Counter)  # window -> cause -> count
    traps = defaultdict(Counter)  # window -> reason/action -> count
    queued = defaultdict(Counter)  # window -> level -> count
    installed = defaultdict(Counter)
    trap_methods = Counter()  # (reason, method at the trap's innermost jvms, nmethod's method) after --from
    not_entrant_methods = Counter()  # (cause, method) after --from
    owners = Counter()
    dep_failed = Counter()
    sweeps = []
    zombies = Counter()
    thread = None
    pending_trap = None
    compiler_of = {}  # compiler thread id -> its name ("C2 CompilerThread0")
    in_log = None  # the compiler thread whose <compilation_log> is being read
    task = None  # (compile_id, method, level, start stamp) of the task being read
    c2_time = Counter()  # method -> C2 seconds spent compiling it, tasks started after --from
    c2_count = Counter()  # method -> C2 tasks (OSR included) started after --from
    c2_windows = defaultdict(float)  # window -> C2 seconds (by task start)
    c2_failed = Counter()
    with open(a.log, errors="replace") as f:  # the compiler threads' names (their logs come last, at the VM's exit)
        for line in f:
            if line.startswith("<compilation_log "):
                in_log = attrs(line)["thread"]
            elif line.startswith("<start_compile_thread ") and in_log is not None:
                compiler_of[in_log] = attrs(line)["name"]
    in_log = None
    with open(a.log, errors="replace") as f:
        for line in f:
            if line.startswith("<compilation_log "):
                in_log = attrs(line)["thread"]
                continue
            if line.startswith("</compilation_log>"):
                in_log = None
                continue
            if in_log is not None:
                if line.startswith("<start_compile_thread "):
                    compiler_of[in_log] = attrs(line)["name"]
                elif line.startswith("<task "):
                    d = attrs(line)
                    kind = " (osr)" if d.get("osr_bci") else ""
                    task = (d["compile_id"], d["method"] + kind, d.get("level", "?"), float(d["stamp"]))
                elif line.startswith("<failure ") and task is not None and compiler_of.get(in_log, "").startswith("C2"):
                    c2_failed[attrs(line).get("reason")] += 1
                elif line.startswith("<task_done ") and task is not None:
                    if compiler_of.get(in_log, "").startswith("C2"):
                        seconds = float(attrs(line)["stamp"]) - task[3]
                        c2_windows[int(task[3] // a.window)] += seconds
                        if task[3] >= a.start:
                            c2_time[task[1]] += seconds
                            c2_count[task[1]] += 1
                    task = None
                continue
            if line.startswith("<writer "):
                thread = attrs(line)["thread"]
                continue
            if line.startswith("<thread_logfile "):
                compiler_threads.add(attrs(line)["thread"])
                continue
            if line.startswith("<task_queued "):
                d = attrs(line)
                level = d.get("level", "4")  # C2's tasks carry no level
                methods[d["compile_id"]] = (d["method"], level)
                queued[int(float(d["stamp"]) // a.window)][level] += 1
                continue
            if line.startswith("<nmethod "):
                d = attrs(line)
                if "method" in d:
                    methods.setdefault(d["compile_id"], (d["method"], d.get("level", "?")))
                if "stamp" in d:
                    installed[int(float(d["stamp"]) // a.window)][d.get("level", "?")] += 1
                continue
            if line.startswith("<uncommon_trap ") and "reason=" in line:
                d = attrs(line)
                if "stamp" not in d:  # the compile-time <uncommon_trap> inside a compilation log has no stamp
                    continue
                pending_trap = d
                continue
            if line.startswith("<jvms ") and pending_trap is not None:
                pending_trap.setdefault("where", attrs(line)["method"])
                continue
            if line.startswith("</uncommon_trap>") and pending_trap is not None:
                d = pending_trap
                pending_trap = None
                w = int(float(d["stamp"]) // a.window)
                traps[w][f"{d['reason']}/{d['action']}"] += 1
                last_event[d.get("thread", thread)] = ("trap", d)
                if float(d["stamp"]) >= a.start:
                    nm = methods.get(d.get("compile_id", ""), ("?", "?"))[0]
                    trap_methods[(d["reason"], d["action"], d.get("where", "?"), nm)] += 1
                continue
            if line.startswith("<dependency_failed "):
                d = attrs(line)
                last_event[thread] = ("dependency", d)
                if float(d.get("stamp", 0)) >= a.start:
                    dep_failed[(d.get("type"), d.get("ctxk"), d.get("witness"))] += 1
                continue
            if line.startswith("<sweeper "):
                sweeps.append(attrs(line))
                continue
            if line.startswith("<make_not_entrant "):
                d = attrs(line)
                t = d.get("thread", thread)
                stamp = float(d["stamp"])
                level = d.get("level", "?")
                prev = last_event.get(t)
                if d.get("zombie") == "1":
                    zombies[int(stamp // a.window)] += 1  # the sweeper freeing one made not entrant before
                    continue
                if t in compiler_threads and level in ("1", "2", "3"):
                    # replaced by a C2 version (C2 thread) or by another C1 tier (C1 thread: 2 -> 3 once C2's
                    # queue is short again, 3 -> 1 for a trivial method)
                    cause = "tier-up>C2" if compiler_of.get(t, "").startswith("C2") else "tier-up>C1"
                elif prev and prev[0] == "trap" and prev[1].get("compile_id") == d.get("compile_id"):
                    cause = f"trap:{prev[1]['reason']}"
                elif prev and prev[0] == "dependency":
                    cause = "dependency"
                else:
                    cause = f"other(level {level})"
                causes[int(stamp // a.window)][cause] += 1
                if stamp >= a.start:
                    m = methods.get(d["compile_id"], ("?", level))[0]
                    not_entrant_methods[(cause, m)] += 1
                    if not cause.startswith("tier-up"):
                        owners[(cause.split(":")[0], owner(m))] += 1
                continue

    windows = sorted(set(causes) | set(traps) | set(queued))
    print("window(s) | queued L1/L2/L3/L4 | installed L1/L2/L3/L4 | zombies | made not entrant by cause | traps "
          "reason/action")
    for w in windows:
        q, i = queued[w], installed[w]
        print(f"{w * a.window:5.0f}-{(w + 1) * a.window:<5.0f}| "
              f"{q['1']}/{q['2']}/{q['3']}/{q['4']} | {i['1']}/{i['2']}/{i['3']}/{i['4']} | {zombies[w]} | "
              + ", ".join(f"{c} {n}" for c, n in causes[w].most_common()) + " | "
              + ", ".join(f"{c} {n}" for c, n in traps[w].most_common(6)))
    totals = Counter()
    for w, c in causes.items():
        if w * a.window >= a.start:
            totals.update(c)
    trap_totals = Counter()
    for w, c in traps.items():
        if w * a.window >= a.start:
            trap_totals.update(c)
    print(f"\nfrom window {a.start:.0f} s on: made not entrant {sum(totals.values())}: "
          + ", ".join(f"{c} {n}" for c, n in totals.most_common()))
    print(f"from window {a.start:.0f} s on: uncommon traps {sum(trap_totals.values())}: "
          + ", ".join(f"{c} {n}" for c, n in trap_totals.most_common()))
    print(f"\nafter stamp {a.start}: made not entrant, not tier-up, by cause and owner:")
    for (c, o), n in owners.most_common(20):
        print(f"  {n:5d} {c:12s} {o}")
    print(f"\nafter stamp {a.start}: methods made not entrant most often (cause, method):")
    for (c, m), n in not_entrant_methods.most_common(a.top):
        print(f"  {n:4d} {c:22s} {m}")
    print(f"\nafter stamp {a.start}: uncommon traps (reason, action, where, in the nmethod of):")
    for (r, act, where, nm), n in trap_methods.most_common(a.top):
        print(f"  {n:4d} {r}/{act} at {where}" + ("" if nm == where else f"  [in {nm}]"))
    print(f"\nafter stamp {a.start}: dependencies failed (type, context class, witness):")
    for k, n in dep_failed.most_common(a.top):
        print(f"  {n:4d} {k}")
    print("\nC2 wall seconds per window (by the task's start; the thread's wall time while compiling, CPU or not):")
    print("  " + ", ".join(f"{w * a.window:.0f}: {v:.1f}" for w, v in sorted(c2_windows.items())))
    total = sum(c2_time.values())
    again = {m: n for m, n in c2_count.items() if n > 1}
    print(f"\nafter stamp {a.start}: C2 tasks {sum(c2_count.values())} on {len(c2_count)} methods, {total:.1f} s; "
          f"methods compiled by C2 more than once: {len(again)}, {sum(again.values())} tasks, "
          f"{sum(c2_time[m] for m in again):.1f} s; failures {dict(c2_failed)}")
    for m, n in sorted(again.items(), key=lambda kv: -c2_time[kv[0]])[:a.top]:
        print(f"  {n:3d}x {c2_time[m]:6.2f} s {m}")
    by_owner = Counter()
    for m, t in c2_time.items():
        o = owner(m)
        by_owner[o if o in ("opsdeck", "spring", "jackson", "hibernate", "apache(tomcat..)", "pgjdbc", "hikari",
                            "micrometer", "jdk") else ("antlr" if "antlr" in o else "other")] += t
    print(f"\nafter stamp {a.start}: C2 seconds by owner: "
          + ", ".join(f"{o} {t:.1f}" for o, t in by_owner.most_common()))
    print(f"\nafter stamp {a.start}: C2's longest methods (seconds, tasks):")
    for m, t in c2_time.most_common(a.top):
        print(f"  {t:6.2f} s {c2_count[m]:3d}x {m}")
    print("\nsweeper runs:", len(sweeps))
    for s in sweeps[-5:]:
        print("  ", s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
