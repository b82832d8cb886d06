#!/usr/bin/env python3
"""Turns the soak samples (bench/soak/run.sh) into a Markdown table with a verdict, written to a result file and,
when given, into docs/benchmarks.md between <!-- soak:begin --> and <!-- soak:end -->.

usage: report.py SAMPLES.tsv STATUSES SECONDS RESULT.md ERROR_LINES [DOCS.md]
"""
import collections
import datetime
import os
import platform
import statistics
import subprocess
import sys

samples_file, statuses_file, seconds, result_file, error_lines = sys.argv[1:6]
docs_file = sys.argv[6] if len(sys.argv) > 6 and sys.argv[6] else None

rows = []
with open(samples_file) as f:
    header = f.readline().split()
    for line in f:
        values = line.split()
        if len(values) == len(header):
            rows.append(dict(zip(header, (int(float(v)) for v in values))))
statuses = collections.Counter()
if os.path.exists(statuses_file):
    with open(statuses_file) as f:
        statuses.update(line.strip() for line in f if line.strip())

MIB = 1024 * 1024
# the first minute warms up (class loading, JIT, pools): the baseline is the second minute, or the second sixth of
# a shorter soak; the end is the last minute (or sixth)
span = rows[-1]["seconds"] if rows else 0
window = 60 if span >= 180 else max(10, span // 6)
baseline = [r for r in rows if window <= r["seconds"] < 2 * window] or rows[:2]
final = [r for r in rows if r["seconds"] > span - window] or rows[-2:]


def median(rs, key):
    return statistics.median(r[key] for r in rs)


heap0, heap1 = median(baseline, "heap"), median(final, "heap")
thr0, thr1 = median(baseline, "threads"), median(final, "threads")
fd0, fd1 = median(baseline, "fds"), median(final, "fds")
rss0, rss1 = median(baseline, "rss"), median(final, "rss")
growth = []
if heap1 - heap0 > max(8 * MIB, 0.10 * heap0):
    growth.append(f"heap after GC {heap0 / MIB:.0f} -> {heap1 / MIB:.0f} MiB")
if thr1 - thr0 > 3:
    growth.append(f"live threads {thr0:.0f} -> {thr1:.0f}")
if fd1 - fd0 > 10:
    growth.append(f"open files {fd0:.0f} -> {fd1:.0f}")
verdict = ("**growth**: " + "; ".join(growth)) if growth else (
    f"**no growth**: heap after GC {heap0 / MIB:.0f} -> {heap1 / MIB:.0f} MiB, live threads {thr0:.0f} -> {thr1:.0f},"
    f" open files {fd0:.0f} -> {fd1:.0f} (median of the {'second' if window == 60 else 'second sixth'} vs. the last"
    f" {'minute' if window == 60 else 'sixth'})")


def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip() or platform.processor()
memory = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2 / 1048576}' /proc/meminfo")
commit = sh("git rev-parse --short HEAD") + (" (modified)" if sh("git status --porcelain -uno") else "")
java = sh("java -version 2>&1 | head -1")
load = sh("cut -d' ' -f1-3 /proc/loadavg")
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
last = rows[-1] if rows else {}

out = [
    f"Measured {now}, commit `{commit}`, {os.cpu_count()} cores ({cpu}), {memory}, {java}; load average at the end"
    f" {load}. `bench/soak/run.sh` for {int(seconds) // 60} min {int(seconds) % 60} s: Opsdeck (`-Xmx1g`, G1) on its embedded"
    f" PostgreSQL, two SSH runs at a time on the local connection (2,000 lines each, then 2 s of sleep), a live"
    f" viewer attached to the newest run every 0.3 s for 1-5 s (SSE, every third one `log?follow=true`).",
    "",
    f"- runs: {last.get('runs', 0)} started; ended {dict(statuses) or '{}'}",
    f"- viewer sessions: {last.get('viewers', 0)}",
    f"- ERROR lines in Opsdeck's log: {error_lines}",
    f"- verdict: {verdict}",
    "",
    "| time | heap used after GC | live threads | open files | resident memory | live viewers | runs | viewer sessions |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
]
step = 6 if len(rows) > 30 else 1  # one row a minute in long soaks (every sample is in bench/results)
for i, r in enumerate(rows):
    if i % step == 0 or i == len(rows) - 1:
        out.append(f"| {r['seconds'] // 60}:{r['seconds'] % 60:02d} | {r['heap'] / MIB:.1f} MiB | {r['threads']} |"
                   f" {r['fds']} | {r['rss'] / MIB:.0f} MiB | {r['subscribers']} | {r['runs']} | {r['viewers']} |")
table = "\n".join(out) + "\n"

os.makedirs(os.path.dirname(result_file), exist_ok=True)
with open(result_file, "w") as f:
    f.write("# Soak\n\n" + table + "\nEvery sample:\n\n```\n" + open(samples_file).read() + "```\n")
print(table)
print("result:", result_file)
if docs_file:
    text = open(docs_file).read()
    begin, end = "<!-- soak:begin -->", "<!-- soak:end -->"
    if begin in text and end in text:
        text = text[:text.index(begin) + len(begin)] + "\n" + table + text[text.index(end):]
    else:
        text = text.rstrip("\n") + "\n\n## Soak (issue 7)\n\n" + begin + "\n" + table + end + "\n"
    with open(docs_file, "w") as f:
        f.write(text)
    print("and in", docs_file)
