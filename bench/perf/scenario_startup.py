"""Scenario 7 of issue 8: start-up time and idle footprint.

A second Opsdeck, in its own work directory, started the way the README's run command starts it (`scripts/run.sh`:
its default OPSDECK_JAVA_OPTS, embedded PostgreSQL, the jar extracted and started with the archive that
`scripts/cds-archive.sh` prepares once per build: a class data sharing archive on Java 17-24, an AOT cache on Java 25+;
the java is chosen as run.sh chooses it, `opsdeck_run_java` in scripts/lib/setup.sh): the time from the exec
of `java` to the first 200 from `/actuator/health/readiness`, and the JVM's resident memory (/proc VmRSS) after it has
sat idle for ~10 s.

Measured: the **first start** on a fresh data directory (initdb, every Flyway migration, the bootstrap token) and
**restarts** on the same data directory, the start a user meets every day: the documented command and a plain
`java -jar` of the same jar alternately, twice each, so both meet the same load; the targets (<= 6 s, <= 400 MB) are
judged on the documented command's restart, the plain `java -jar` and the first start are reported beside it. The
archive's preparation (a training start, once per build) is timed and reported in the notes. The embedded PostgreSQL's processes are
not in VmRSS: their proportional set size (PSS, shared buffers counted once) is in the notes, with the CPU seconds
the JVM used until ready (user + system, all threads; on a shared machine the wall time mostly measures the load).
"""
from __future__ import annotations

import contextlib
import os
import re
import subprocess
import time
from pathlib import Path

from harness import ROOT, App, Row, run as run_cmd, run_java, setup_sh

TITLE = "start-up to ready and idle RSS (-Xmx1g, embedded PostgreSQL)"
MB = 1024 * 1024
# scripts/run.sh's default OPSDECK_JAVA_OPTS (`opsdeck_java_opts` in scripts/lib/setup.sh; plus TRIM_OPTION where the
# java has it, as run.sh adds it)
README_JAVA_OPTS = setup_sh("opsdeck_java_opts")
TRIM_OPTION = "-XX:TrimNativeHeapInterval=5000"
# scripts/run.sh runs the bean definitions Spring AOT wrote at build time (the plain `java -jar` beside it does not)
AOT_OPTION = "-Dspring.aot.enabled=true"


def readme_java_opts(java: str = "java") -> list[str]:
    """@return scripts/run.sh's default JVM options for `java`: README_JAVA_OPTS, and TRIM_OPTION when this java
    accepts it (17.0.9+, 21.0.1+, 22+)"""
    known = subprocess.run([java, TRIM_OPTION, "-version"], capture_output=True).returncode == 0
    return [*README_JAVA_OPTS, TRIM_OPTION] if known else list(README_JAVA_OPTS)


def documented_java() -> tuple[str, int]:
    """@return the java scripts/run.sh starts Opsdeck with (`harness.run_java()`: OPSDECK_JAVA, else JAVA_HOME's,
    else PATH's java) and its major version"""
    java = run_java()
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    match = re.search(r' version "(\d+)', out)
    return java, int(match.group(1)) if match else 0


@contextlib.contextmanager
def java_first_on_path(java: str):
    """Puts `java`'s directory first on PATH while the block runs (App starts the `java` on PATH)."""
    if "/" not in java:
        yield
        return
    saved = os.environ["PATH"]
    os.environ["PATH"] = str(Path(java).parent) + os.pathsep + saved
    try:
        yield
    finally:
        os.environ["PATH"] = saved


def postgres_pss_bytes(app: App) -> int:
    """PSS of the embedded PostgreSQL (postmaster and its children), bytes; 0 when it cannot be read."""
    pids = app.postgres_pids()
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    """@return user + system CPU seconds the process has used (all its threads)"""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


CDS_SCRIPT = ROOT / "scripts" / "cds-archive.sh"


def start_and_idle(app: App, idle_s: float, java: str = "java") -> tuple[float, int, int, float]:
    """@return (seconds to ready, JVM RSS bytes and PostgreSQL PSS bytes after `idle_s` of idling, JVM CPU seconds
    used until ready); stops the app afterwards"""
    try:
        with java_first_on_path(java):
            app.start()
        cpu = cpu_seconds(app.pid)
        time.sleep(idle_s)  # idling is the measurement here, not a wait for a condition
        return app.ready_seconds, app.rss_bytes(), postgres_pss_bytes(app), cpu
    finally:
        app.stop()


def mean(values):
    return sum(values) / len(values)


def run(ctx):
    idle_s = 2 if ctx.smoke else 10
    work = ctx.work / "app"
    if ctx.smoke:  # no training start (a minute): the plain jar's first start only
        java_opts = readme_java_opts()
        opts = " ".join(java_opts)
        first = start_and_idle(App(ctx.app.jar, work, java_opts), idle_s)
        return [
            Row("7 start-up", f"first start, fresh data directory: plain `java -jar` to ready ({opts})",
                f"{first[0]:.1f} s", "—", None, "(target is on the restart)", None,
                f"JVM CPU until ready {first[3]:.1f} s; idle RSS {first[1] / MB:.0f} MB (JVM), PostgreSQL PSS "
                f"{first[2] / MB:.0f} MB"),
            Row("7 start-up", "restart on the same data directory", "skipped", "—", None, "≤ 6 s", None,
                "smoke: the first start only, no class data sharing archive"),
        ]
    java, major = documented_java()
    java_opts = readme_java_opts(java)
    opts = " ".join(java_opts)
    cds_dir = (ctx.work / "cds").resolve()
    prepare_start = time.monotonic()
    run_cmd([str(CDS_SCRIPT), str(ctx.app.jar), str(cds_dir)],
            env=dict(os.environ, OPSDECK_JAVA=java, OPSDECK_JAVA_OPTS=opts))
    prepare_s = time.monotonic() - prepare_start
    archive = cds_dir / ("opsdeck.aot" if major >= 25 else "opsdeck.jsa")
    if not archive.exists():
        raise RuntimeError(f"no class archive; see {cds_dir / 'training.log'}")
    flag = f"-XX:AOTCache={archive}" if major >= 25 else f"-XX:SharedArchiveFile={archive}"
    documented = lambda: App(cds_dir / "opsdeck.jar", work, [*java_opts, flag, AOT_OPTION])
    plain = lambda: App(ctx.app.jar, work, java_opts)
    first = start_and_idle(documented(), 1, java)
    runs = {"documented": [], "plain": []}
    for _ in range(2):  # alternately, so both meet the same load; RSS after each idle
        for name, make in (("documented", documented), ("plain", plain)):
            runs[name].append(start_and_idle(make(), idle_s, java))
    doc, jar = runs["documented"], runs["plain"]
    rss = lambda rs: " / ".join(f"{r[1] / MB:.0f}" for r in rs)
    doc_s, jar_s = mean([r[0] for r in doc]), mean([r[0] for r in jar])
    doc_cpu, jar_cpu = mean([r[3] for r in doc]), mean([r[3] for r in jar])
    return [
        Row("7 start-up", f"first start, fresh data directory (initdb + Flyway), documented command (Java {major}, "
            f"{opts}, {archive.name})", f"{first[0]:.1f} s", "—", None, "(target is on the restart)", None,
            f"JVM CPU until ready {first[3]:.1f} s; preparing the archive (extract + training start, once per "
            f"build) took {prepare_s:.0f} s"),
        Row.bound_row("7 start-up", f"restart on the same data directory: documented command (`scripts/run.sh`: "
                      f"Java {major}, {opts}, extracted jar, `{flag.split('=')[0]}`, `{AOT_OPTION}`) to ready", doc_s, 6, "s",
                      baseline=f"{jar_s:.1f} s plain `java -jar`",
                      notes=f"mean of 2, alternating with plain `java -jar` of the same jar; JVM CPU until ready "
                            f"{doc_cpu:.1f} s vs {jar_cpu:.1f} s plain ({doc_cpu / jar_cpu:.2f}×; less noisy than "
                            "wall time on a shared machine); readiness polled every 50 ms"),
        Row.bound_row("7 footprint", f"idle RSS of the JVM after {idle_s:.0f} s idle (restart, documented command, "
                      "/proc VmRSS, the lower of 2)", min(r[1] for r in doc) / MB, 400, "MB",
                      baseline=f"{min(r[1] for r in jar) / MB:.0f} MB plain `java -jar`",
                      notes=f"samples {rss(doc)} MB documented, {rss(jar)} MB plain; embedded PostgreSQL PSS "
                            f"{doc[0][2] / MB:.0f} MB (not included); the archive's mapped classes are in VmRSS"),
    ]
