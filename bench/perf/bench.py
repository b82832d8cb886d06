"""Performance harness (issue 8): runs every scenario against one Opsdeck on embedded PostgreSQL and the tools people
would use instead, side by side, prints one table and writes it to docs/benchmarks.md (between the perf markers) and
bench/results/perf-<time>.md. Called by bench/run.sh; see `bench/run.sh --help`.

A scenario is a module in this directory with `TITLE` and `run(ctx) -> list[Row]`; `ctx.smoke` asks for tiny sizes
(the CI smoke, seconds). A scenario that raises gets a failed row with the error; the others still run.
"""
from __future__ import annotations

import argparse
import os
import importlib
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402
import report  # noqa: E402

# In the order; the key is what --only takes.
SCENARIOS = {
    "ssh": "scenario_ssh",          # 1 run overhead over SSH (and 5 storage/replay, on the same run)
    "ansible": "scenario_ansible",  # 2 run overhead, ansible-playbook
    "latency": "scenario_latency",  # 3 live latency with 100 SSE viewers
    "fanout": "scenario_fanout",    # 4 one command on 100 hosts
    "api": "scenario_api",          # 6 GET /api/v1/runs with 100,000 runs
    "startup": "scenario_startup",  # 7 start-up and idle footprint
    "drill": "scenario_drill",      # 8 the DR drill benchmark
}

# Opsdeck runs every scenario under this heap cap: "heap stays under 256 MB" (issue 8, scenario 1) holds for all.
# BENCH_JAVA_OPTS adds options, e.g. a profile of the whole run:
#   BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile bench/run.sh --only ssh
# BENCH_JAVA_GC replaces the collector option (default -XX:+UseG1GC), e.g. BENCH_JAVA_GC=-XX:+UseSerialGC.
# -Dspring.aot.enabled=true as scripts/run.sh starts it (OPSDECK_AOT, on by default): the bean definitions Spring AOT
# wrote at build time; it also makes the smoke in CI start the AOT-processed application.
# With G1 (the default) also the G1 options of scripts/run.sh (`opsdeck_g1_opts` in scripts/lib/setup.sh: Remark
# pauses without class unloading, which gave Java 25 its p99 of 70-78 ms in scenario 6; docs/benchmarks.md, "6. API and 7. Start-up, fifteenth round").
# And scripts/run.sh's JIT option (`opsdeck_jit_opts`: C2's loop compiles after 3x the iterations; "7. Start-up,
# seventeenth round"), so the scenarios measure the JIT a user's Opsdeck runs with.
JAVA_GC = os.environ.get("BENCH_JAVA_GC", "-XX:+UseG1GC").split()
JAVA_OPTS = ["-Xmx256m", *JAVA_GC, *(harness.setup_sh("opsdeck_g1_opts") if "-XX:+UseG1GC" in JAVA_GC else []),
             *harness.setup_sh("opsdeck_jit_opts"), "-Dspring.aot.enabled=true",
             *os.environ.get("BENCH_JAVA_OPTS", "").split()]


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks the harness works (seconds)")
    parser.add_argument("--only", default="", help="comma-separated scenarios: " + ",".join(SCENARIOS))
    parser.add_argument("--skip", default="", help="comma-separated scenarios to leave out")
    parser.add_argument("--docs", default=str(harness.ROOT / "docs" / "benchmarks.md"),
                        help="markdown file to update between the perf markers ('' for none)")
    parser.add_argument("--jar", required=True, help="the Opsdeck jar")
    args = parser.parse_args()
    chosen = [s for s in (args.only.split(",") if args.only else SCENARIOS) if s]
    unknown = [s for s in chosen + args.skip.split(",") if s and s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
    chosen = [s for s in chosen if s not in args.skip.split(",")]

    harness.use_run_java()  # the java scripts/run.sh runs Opsdeck on, first on PATH
    started = datetime.now(timezone.utc)
    facts = harness.machine()
    rows: list[harness.Row] = []
    with tempfile.TemporaryDirectory(prefix="opsdeck-bench-", dir="/var/tmp") as tmp:
        work = Path(tmp)
        farm = harness.SshFarm(work)
        app = harness.App(Path(args.jar).resolve(), work / "app", JAVA_OPTS, harness.ansible_tree_args(work))
        try:
            log(f"starting Opsdeck ({' '.join(JAVA_OPTS)}) ...")
            app.start()
            log(f"Opsdeck ready in {app.ready_seconds:.1f} s at {app.base}")
            for name in chosen:
                module = importlib.import_module(SCENARIOS[name])
                scenario_dir = work / name
                scenario_dir.mkdir()
                ctx = harness.Context(args.smoke, scenario_dir, app, app.api(), farm, log)
                log(f"--- {name}: {module.TITLE}")
                start = time.monotonic()
                try:
                    rows += module.run(ctx)
                except Exception as ex:  # noqa: BLE001 - one broken scenario must not hide the others
                    traceback.print_exc()
                    rows.append(harness.Row(name, module.TITLE, "error", "", None, "", False, str(ex)[:300]))
                log(f"--- {name} took {time.monotonic() - start:.0f} s")
                if app.process.poll() is not None:
                    raise RuntimeError(f"Opsdeck died during {name}; log: {app.log_path}")
        finally:
            app.stop()
            farm.stop()
            keep = harness.ROOT / "target" / "bench-opsdeck.log"
            keep.parent.mkdir(exist_ok=True)
            if app.log_path.exists():
                keep.write_bytes(app.log_path.read_bytes())

    text = report.render(rows, facts, started, args.smoke, chosen)
    print(text)
    results = harness.ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"perf-{started:%Y%m%dT%H%M%SZ}.md").write_text(text)
    if args.docs and not args.smoke:
        report.update_docs(Path(args.docs), text)
    failed = [r for r in rows if r.passed is False]
    errors = [r for r in rows if r.opsdeck == "error"]
    if errors:
        log(f"{len(errors)} scenario(s) failed to run")
        print_app_errors(harness.ROOT / "target" / "bench-opsdeck.log")
        return 1
    if failed:
        log(f"{len(failed)} target(s) missed (see the table); the harness itself worked")
    return 0


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def print_app_errors(path: Path, most: int = 120) -> None:
    """Prints Opsdeck's ERROR lines and the stack traces under them, so a CI log shows why a scenario failed (the
    whole log stays in target/bench-opsdeck.log, which a CI machine does not keep)."""
    if not path.exists():
        return
    shown: list[str] = []
    in_error = False
    for line in path.read_text(errors="replace").splitlines():
        if " ERROR " in line:
            in_error = True
        elif line[:1] not in ("\t", " ") and not line.startswith(("Caused by", "java.", "io.", "org.")):
            in_error = False
        if in_error:
            shown.append(line)
    if shown:
        print(f"Opsdeck's errors ({path}):")
        print("\n".join(shown[-most:]))


if __name__ == "__main__":
    sys.exit(main())
