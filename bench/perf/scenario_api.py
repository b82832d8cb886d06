"""Scenario 6 of issue 8: the REST API under load.

`GET /api/v1/runs` (the default page: 50 runs, newest first, with the total count) with 100,000 runs in the
database, from `wrk` on loopback with the bench's bearer token, 2 threads and 16 connections for 20 s. Reports
requests/s and the p99 latency (wrk's `--latency` distribution). Targets are absolute (>= 2,000 req/s, p99 <= 50 ms);
for context the same wrk runs against `/actuator/health/liveness` of the same JVM before and after (the cost of
Tomcat + the filter chain + JSON with no database and no token), and that is the baseline column.

Before measuring, the JVM is warmed up on the same three requests until the JIT compilers are nearly idle
(`warm_up`): requests per second are a figure of a server that has been up, not of its first seconds.

The runs are seeded with one SQL statement (generate_series) straight into the embedded database: a mix of ssh and
ansible runs over 8 environments and 30 days, every one ended (SUCCEEDED mostly, some FAILED/CANCELLED/TIMED_OUT/
INTERRUPTED: a QUEUED or RUNNING row would wake the dispatcher or the reaper), each with one run_hosts row.
"""
from __future__ import annotations

import os
import re
import resource
import subprocess
from pathlib import Path

from harness import Row, which
from scenario_ssh import compiler_cpu

TITLE = "GET /api/v1/runs (page of 50) with 100,000 runs, wrk on loopback"

WARM_ROUND_S = (4, 1, 1)  # one warm-up round: wrk on the list, /me and liveness for these whole seconds (wrk's -d)
WARM_JIT_SHARE = 0.03  # warm until a round's JIT CPU is under this share of the JVM's CPU in that round ...
WARM_MAX_ROUNDS = 60  # ... or at most this many rounds (6 min: round 11 needed 40, i.e. 4 min, on the list)

SEED_SQL = """
with seeded as (
  insert into runs (id, kind, status, environment, playbook, command, parameters, triggered_by, triggered_by_role,
                    created_at, started_at, finished_at, exit_code, message, timeout_seconds, line_count,
                    output_bytes, exclusive, label)
  select gen_random_uuid(),
         case when i % 3 = 0 then 'ANSIBLE' else 'SSH' end,
         case when i % 50 = 1 then 'FAILED' when i % 97 = 2 then 'CANCELLED' when i % 211 = 3 then 'TIMED_OUT'
              when i % 499 = 4 then 'INTERRUPTED' else 'SUCCEEDED' end,
         (array['production','staging','dev','eu-prod','us-prod','qa','perf','sandbox'])[1 + i % 8],
         case when i % 3 = 0 then (array['site.yml','patch.yml','backup.yml','deploy.yml'])[1 + i % 4] end,
         case when i % 3 <> 0 then 'systemctl status nginx --no-pager; df -h /var; uptime # ' || i end,
         '{"parallelism":10}',
         (array['user:alice','user:bob','token:ci','schedule:nightly'])[1 + i % 4], 'OPERATOR',
         now() - make_interval(secs => i * 26 + (i * 7919) % 13),
         now() - make_interval(secs => i * 26 - 1),
         now() - make_interval(secs => i * 26 - 1 - (i % 120)),
         case when i % 50 = 1 then 2 when i % 97 = 2 or i % 211 = 3 or i % 499 = 4 then null else 0 end,
         case when i % 50 = 1 then 'failed on 1 of 1 hosts' end,
         3600, (i % 5000), (i % 5000) * 90, false, null
  from generate_series(1, %(count)d) as i
  returning id, kind, status)
insert into run_hosts (run_id, position, host, status, exit_code, ok, changed)
select id, 0, 'web-' || substr(id::text, 1, 4), case when status = 'SUCCEEDED' then 'SUCCEEDED' else 'FAILED' end,
       case when status = 'SUCCEEDED' then 0 else 2 end, 12, 3
from seeded;
"""


def wrk(url: str, seconds: float, token: str | None, threads: int = 2, connections: int = 16) -> dict:
    """Runs wrk against `url`. @return requests/s, p50/p99 in ms, requests, non-2xx and socket errors, and wrk's own CPU
    seconds (it shares the cores with Opsdeck: its share is part of the 2-core budget)."""
    cmd = [which("wrk"), f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "5s"]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {"wrk_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
              "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
              "requests": int(re.search(r"(\d+) requests in", out).group(1)),
              "non2xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0,
              "errors": sum(int(x) for x in m.groups()) if (m := re.search(
                  r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)) else 0}
    for p in ("50", "99"):
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        result[f"p{p}"] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    if result["non2xx"] or result["errors"]:
        raise RuntimeError(f"wrk against {url}: {result['non2xx']} non-2xx responses, {result['errors']} socket "
                           f"errors:\n{out}")
    return result


def cpu_seconds(pids: list[int]) -> float:
    """@return user + system CPU seconds used so far by these processes (those still alive)"""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def pool_checkouts(ctx) -> float:
    """@return how many connections Opsdeck has taken from its pool so far (Hikari's usage timer count, from
    /actuator/prometheus; the scrape itself takes none)"""
    text = ctx.api.get("/actuator/prometheus", raw=True).decode()
    return sum(float(m.group(1)) for m in re.finditer(r"^hikaricp_connections_usage_seconds_count\{[^}]*\} (\S+)$",
                                                      text, re.M))


def measured(ctx, url: str, seconds: float, token: str | None) -> dict:
    """wrk against `url`, plus the CPU milliseconds per request that Opsdeck's JVM and its PostgreSQL spent, and the
    pool checkouts per request (each is at least one round trip to PostgreSQL): on a shared machine the rate mostly
    measures the other load, the CPU per request much less so, the checkouts not at all."""
    pg = ctx.app.postgres_pids()
    checkouts_before = pool_checkouts(ctx)
    jvm_before, pg_before = cpu_seconds([ctx.app.pid]), cpu_seconds(pg)
    result = wrk(url, seconds, token)
    result["jvm_ms"] = (cpu_seconds([ctx.app.pid]) - jvm_before) * 1000 / result["requests"]
    result["pg_ms"] = (cpu_seconds(pg) - pg_before) * 1000 / result["requests"]
    result["checkouts"] = (pool_checkouts(ctx) - checkouts_before) / result["requests"]
    result["wrk_ms"] = result["wrk_s"] * 1000 / result["requests"]
    return result


def warm_up(ctx, runs_url: str, me_url: str, live_url: str) -> str:
    """Warms the JVM up the way a server that has been serving the API for a while is warm: rounds of wrk on the three
    URLs the scenario measures, until the JIT compiler threads use under WARM_JIT_SHARE of the JVM's CPU in a round
    (at most WARM_MAX_ROUNDS rounds; one short round in the smoke). Requests per second are a steady-state figure:
    with round 10's fixed 8 s of warm-up the measured 20 s still carried the C2 compilations of the list's path (a
    warm list request costs ~0.4 ms of JVM CPU, the measured ones 0.8 ms; issue 8, round 11). On the 2-core machine
    the JIT's two threads took ~2.5 minutes of list traffic to finish (10 s windows: 547, 1,057, 1,223, 1,523, 1,882,
    2,703, 3,186 req/s at 10, 20, 50, 80, 110, 130 and 160 s; round 11).
    @return what the warm-up did, for the notes"""
    shares = []
    rounds = 1 if ctx.smoke else WARM_MAX_ROUNDS
    list_s, me_s, live_s = (1, 1, 1) if ctx.smoke else WARM_ROUND_S
    for _ in range(rounds):
        jit_before, jvm_before = compiler_cpu(ctx.app.pid), cpu_seconds([ctx.app.pid])
        wrk(runs_url, list_s, ctx.api.token)  # also the pool and PostgreSQL's caches
        wrk(me_url, me_s, ctx.api.token)
        wrk(live_url, live_s, None)
        jvm = cpu_seconds([ctx.app.pid]) - jvm_before
        shares.append((compiler_cpu(ctx.app.pid) - jit_before) / jvm if jvm > 0 else 0.0)
        if shares[-1] < WARM_JIT_SHARE:
            break
    return (f"warm-up: {len(shares)} round(s) of {list_s} + {me_s} + {live_s} s of wrk on the list, /me and liveness "
            f"(until the JIT's share of the JVM's CPU in a round is under {WARM_JIT_SHARE:.0%}, at most {rounds}): "
            + " / ".join(f"{share:.0%}" for share in shares))


def seed(ctx, count: int) -> None:
    ctx.app.psql(SEED_SQL.replace("%(count)d", str(count)) + "analyze runs; analyze run_hosts;")


def run(ctx):
    count = 1_000 if ctx.smoke else 100_000
    seconds = 2 if ctx.smoke else 20
    seed(ctx, count)
    page = ctx.api.get("/api/v1/runs")
    if len(page["items"]) != 50 or page["totalItems"] < count:
        raise RuntimeError(f"GET /api/v1/runs returned {len(page['items'])} items of {page['totalItems']}")
    runs_url = f"{ctx.api.base}/api/v1/runs"
    live_url = f"{ctx.api.base}/actuator/health/liveness"

    me_url = f"{ctx.api.base}/api/v1/me"
    warm_note = warm_up(ctx, runs_url, me_url, live_url)
    live_1 = measured(ctx, live_url, seconds / 2, None)
    jit_before = compiler_cpu(ctx.app.pid)
    runs = measured(ctx, runs_url, seconds, ctx.api.token)
    runs_jit_ms = (compiler_cpu(ctx.app.pid) - jit_before) * 1000 / runs["requests"]
    me = measured(ctx, me_url, seconds / 2, ctx.api.token)  # the token's share: no list
    live_2 = measured(ctx, live_url, seconds / 2, None)
    cpu_ms = runs["jvm_ms"] + runs["pg_ms"] + runs["wrk_ms"]
    cores = os.cpu_count() or 1
    live_rps = (live_1["rps"] + live_2["rps"]) / 2
    live_p99 = (live_1["p99"] + live_2["p99"]) / 2
    # liveness's JVM CPU per request over both of its runs (weighted by their requests), and the list's relative to it:
    # the machine's speed cancels out of that ratio (round 9: 0.97 / 0.74 ms = 1.31x), so rounds compare by it
    live_jvm_ms = ((live_1["jvm_ms"] * live_1["requests"] + live_2["jvm_ms"] * live_2["requests"])
                   / (live_1["requests"] + live_2["requests"]))
    setup = f"{count:,} runs seeded (+ {page['totalItems'] - count:,} from other scenarios); wrk -t2 -c16 -d{seconds}s"
    return [
        Row.bound_row("6 api", "`GET /api/v1/runs` (50 of " + f"{page['totalItems']:,}), bearer token: requests/s",
                      runs["rps"], 2000, "req/s", higher_is_better=True, baseline=f"{live_rps:,.0f} req/s",
                      notes=f"{setup}; {runs['requests']:,} requests, all 200; CPU per request {runs['jvm_ms']:.2f} ms "
                            f"JVM + {runs['pg_ms']:.2f} ms PostgreSQL (+ {runs['wrk_ms']:.2f} ms wrk) and "
                            f"{runs['checkouts']:.2f} pool checkouts (of the JVM's, the JIT compilers "
                            f"{runs_jit_ms:.3f} ms), i.e. with wrk at most {cores * 1000 / cpu_ms:,.0f} "
                            f"req/s on {cores} idle cores (liveness: {live_jvm_ms:.2f} ms JVM, so the list's JVM CPU "
                            f"is {runs['jvm_ms'] / live_jvm_ms:.2f}x liveness's); baseline: same "
                            "wrk on /actuator/health/liveness (no token, no database), mean of one run before and "
                            f"one after; {warm_note}"),
        Row.bound_row("6 api", "`GET /api/v1/runs`: p99 latency (p50 in notes)", runs["p99"], 50, "ms",
                      baseline=f"{live_p99:.1f} ms",
                      notes=f"p50 {runs['p50']:.1f} ms (liveness p50 {(live_1['p50'] + live_2['p50']) / 2:.1f} ms); "
                            f"the token's share, `GET /api/v1/me` (token + the owner's roles, from the identity cache "
                            f"when fresh; no list): {me['rps']:,.0f} req/s, p99 {me['p99']:.1f} ms, "
                            f"{me['jvm_ms']:.2f} ms JVM + {me['pg_ms']:.2f} ms PostgreSQL and {me['checkouts']:.2f} "
                            "pool checkouts per request"),
    ]
