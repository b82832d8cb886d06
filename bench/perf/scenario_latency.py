"""Scenario 3 of issue 8: live latency with many SSE viewers.

An SSH run (to a loopback sshd registered in Opsdeck) of a small Python loop that prints 1,000 lines/s for 30 s, each
line `L <sequence> <time.time_ns()>` written and flushed on its own. 100 viewers attach to
`GET /api/v1/runs/{id}/events` (bearer token) before the first line: the loop waits for a go-file the harness writes
once every viewer has its stream open. The target is this machine, so the line's timestamp and the viewer's arrival
time come from the same clock (CLOCK_REALTIME, `time.time_ns()` on both sides).

Each viewer records, for every `event: line`, when the bytes that completed it were received, and parses the
target's timestamp and sequence number from the line text: latency = arrival - write. Per viewer it checks that the
event ids are consecutive and the sequence numbers complete and in order (no loss, no reordering). Target p99 <= 100 ms
over all viewers and lines, zero lost or reordered.

The viewers are one selector loop on raw sockets (HTTP/1.1, chunked decoding, one regex pass per receive), so that
the client is cheap; its CPU time is reported. Side by side, in the same run: the OpenSSH client running the same
loop (the floor: what the line costs without Opsdeck) and one viewer alone (if one viewer is as slow as 100, the
latency is not fan-out's).
"""
from __future__ import annotations

import array
import os
import re
import selectors
import socket
import subprocess
import threading
import time
from urllib.parse import urlsplit

from harness import Row, percentile

TITLE = "Live latency: 1,000 lines/s to 100 SSE viewers"

# The program on the target: waits for the go-file, then prints `L seq time_ns` paced to RATE lines/s for SECONDS s,
# one write and flush per line. The schedule is absolute, so a late wake-up is caught up, not drifted.
TARGET = r'''
import os, sys, time
rate, seconds, go = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
deadline = time.monotonic() + 120
while not os.path.exists(go):
    if time.monotonic() > deadline:
        sys.exit("no go-file")
    time.sleep(0.005)
out = sys.stdout
total = int(rate * seconds)
start = time.monotonic()
for seq in range(1, total + 1):
    due = start + (seq - 1) / rate
    now = time.monotonic()
    if due > now:
        time.sleep(due - now)
    out.write("L %d %d\n" % (seq, time.time_ns()))
    out.flush()
'''

LINE_EVENT = re.compile(rb'id: (\d+)\nevent: line\ndata: ([^\n]*)\n')
MARK = re.compile(rb'"text":"L (\d+) (\d+)"')


class Viewer:
    """One SSE connection; decodes chunked transfer encoding and checks events as they arrive."""

    def __init__(self, api, run_id: str, name: str):
        url = urlsplit(api.base)
        self.sock = socket.create_connection((url.hostname, url.port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        request = (f"GET /api/v1/runs/{run_id}/events HTTP/1.1\r\nHost: {url.netloc}\r\n"
                   f"Authorization: Bearer {api.token}\r\nAccept: text/event-stream\r\n\r\n")
        self.sock.sendall(request.encode())
        self.sock.setblocking(False)
        self.name = name
        self.raw = b""            # bytes not yet decoded (headers, chunk framing)
        self.headers_done = False
        self.chunk_left = 0       # bytes left in the current chunk
        self.text = b""           # decoded SSE text not yet parsed (an incomplete event)
        self.opened = False       # the `retry:` preamble arrived: the stream is attached
        self.ended = False        # `event: end` arrived
        self.closed = False
        self.latencies = array.array("q")   # ns, one per marked line
        self.last_id = None
        self.next_seq = 1
        self.problems: list[str] = []
        self.events = 0

    def receive(self, now_ns: int) -> None:
        try:
            data = self.sock.recv(1 << 18)
        except BlockingIOError:
            return
        if not data:
            self.closed = True
            return
        self.raw += data
        if not self.headers_done:
            end = self.raw.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.raw[:end].decode("latin-1")
            if not head.startswith("HTTP/1.1 200"):
                raise RuntimeError(f"viewer {self.name}: {head.splitlines()[0]}")
            self.raw = self.raw[end + 4:]
            self.headers_done = True
        self._dechunk()
        cut = self.text.rfind(b"\n\n")
        if cut < 0:
            return
        complete, self.text = self.text[:cut + 2], self.text[cut + 2:]
        self.opened = True
        for ident, data_json in LINE_EVENT.findall(complete):
            ident = int(ident)
            self.events += 1
            if ident != (1 if self.last_id is None else self.last_id + 1):
                self._problem(f"id {ident} after {self.last_id}")
            self.last_id = ident
            mark = MARK.search(data_json)
            if mark:
                seq = int(mark.group(1))
                if seq != self.next_seq:
                    self._problem(f"sequence {seq} where {self.next_seq} was due")
                self.next_seq = seq + 1
                self.latencies.append(now_ns - int(mark.group(2)))
        if b"event: end" in complete:
            self.ended = True

    def _problem(self, text: str) -> None:
        if len(self.problems) < 5:
            self.problems.append(text)
        else:
            self.problems.append("...")

    def _dechunk(self) -> None:
        raw, pos, out = self.raw, 0, []
        while pos < len(raw):
            if self.chunk_left == 0:
                eol = raw.find(b"\r\n", pos)
                if eol < 0:
                    break
                size_text = raw[pos:eol].split(b";")[0].strip()
                if not size_text:          # the CRLF after a chunk's data
                    pos = eol + 2
                    continue
                self.chunk_left = int(size_text, 16)
                pos = eol + 2
                if self.chunk_left == 0:   # last chunk
                    self.closed = True
                    pos = len(raw)
                    break
            take = min(self.chunk_left, len(raw) - pos)
            out.append(raw[pos:pos + take])
            pos += take
            self.chunk_left -= take
        self.raw = raw[pos:]
        if out:
            self.text += b"".join(out)

    def close(self):
        self.sock.close()


class Viewers:
    """All viewers of one run, served by one selector loop on a thread of its own."""

    def __init__(self, api, run_id: str, count: int):
        self.viewers = [Viewer(api, run_id, str(i)) for i in range(count)]
        self.selector = selectors.DefaultSelector()
        for viewer in self.viewers:
            self.selector.register(viewer.sock, selectors.EVENT_READ, viewer)
        self.error: BaseException | None = None
        self.cpu_s = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self):
        cpu = time.thread_time()
        try:
            open_count = len(self.viewers)
            while open_count and not self._stop.is_set():
                for key, _ in self.selector.select(0.5):
                    now = time.time_ns()
                    viewer = key.data
                    viewer.receive(now)
                    if viewer.closed or viewer.ended:
                        self.selector.unregister(viewer.sock)
                        open_count -= 1
        except BaseException as ex:  # noqa: BLE001 - reported by wait()
            self.error = ex
        finally:
            self.cpu_s = time.thread_time() - cpu

    def wait_attached(self, timeout_s: float = 60):
        deadline = time.monotonic() + timeout_s
        while not all(v.opened for v in self.viewers):
            if self.error or time.monotonic() > deadline:
                raise RuntimeError(f"viewers not attached: {self.error}")
            time.sleep(0.01)

    def wait(self, timeout_s: float):
        self._thread.join(timeout_s)
        self._stop.set()
        self._thread.join()
        for viewer in self.viewers:
            viewer.close()
        if self.error:
            raise self.error


def stream_run(ctx, server: str, script: str, rate: int, seconds: float, viewers: int, tag: str):
    """POST the run, attach `viewers`, release the loop, collect. @return (Viewers, run view)."""
    go = ctx.work / f"go-{tag}"
    command = f"python3 {script} {rate} {seconds} {go}"
    started = ctx.api.post("/api/v1/runs", {"kind": "ssh", "command": command, "servers": [server]})
    group = Viewers(ctx.api, started["id"], viewers)
    group.wait_attached()
    go.write_text("go")
    group.wait(seconds + 60)
    run_view = ctx.api.wait_run(started["id"], timeout_s=60)
    if run_view["status"] != "SUCCEEDED":
        raise RuntimeError(f"run {run_view['id']} ended {run_view['status']}: {run_view.get('message')}")
    return group, run_view


def openssh_floor(ctx, host, script: str, rate: int, seconds: float) -> array.array:
    """The same loop through the OpenSSH client, lines timed as they arrive on its stdout. @return latencies, ns."""
    go = ctx.work / "go-openssh"
    process = subprocess.Popen(ctx.farm.ssh_command(host, f"python3 {script} {rate} {seconds} {go}"),
                               stdout=subprocess.PIPE, bufsize=0)
    latencies = array.array("q")
    time.sleep(0.5)  # the connection is up long before; the loop polls for the go-file
    go.write_text("go")
    pending = b""
    fd = process.stdout
    while True:
        data = fd.read(1 << 16)
        if not data:
            break
        now = time.time_ns()
        pending += data
        cut = pending.rfind(b"\n")
        if cut < 0:
            continue
        for stamp in re.findall(rb"L \d+ (\d+)", pending[:cut]):
            latencies.append(now - int(stamp))
        pending = pending[cut + 1:]
    process.wait()
    return latencies


def summary(latencies) -> tuple[float, float, float]:
    """@return p50, p99, max in ms."""
    values = list(latencies)
    return percentile(values, 50) / 1e6, percentile(values, 99) / 1e6, max(values) / 1e6


def subscribers_gauge(ctx) -> str:
    text = ctx.api.get("/actuator/prometheus", raw=True).decode()
    values = [line.split()[-1] for line in text.splitlines() if line.startswith("opsdeck_output_subscribers")]
    return values[0] if values else "absent"


def run(ctx):
    rate, seconds, count = (100, 2, 3) if ctx.smoke else (1000, 30, 100)
    script = ctx.work / "lines.py"
    script.write_text(TARGET)
    host = ctx.farm.start(1)[0]
    [server] = ctx.farm.register(ctx.api, "bench-latency", [host])

    # warm-up: the SSH path, the event stream and the JIT
    stream_run(ctx, server, script, rate, 1 if ctx.smoke else 3, min(count, 10), "warm")

    floor_ms = summary(openssh_floor(ctx, host, script, rate, min(seconds, 10)))
    alone, _ = stream_run(ctx, server, script, rate, min(seconds, 10), 1, "alone")
    alone_ms = summary(alone.viewers[0].latencies)

    # the measured run; the gauge is read halfway through
    go = ctx.work / "go-main"
    started = ctx.api.post("/api/v1/runs", {"kind": "ssh", "command": f"python3 {script} {rate} {seconds} {go}",
                                            "servers": [server]})
    group = Viewers(ctx.api, started["id"], count)
    group.wait_attached()
    go.write_text("go")
    if os.environ.get("BENCH_JFR"):  # a profile of the measured run: BENCH_JFR=/tmp/latency.jfr bench/run.sh ...
        subprocess.run(["jcmd", str(ctx.app.pid), "JFR.start", f"duration={int(seconds * 2 / 3)}s", "settings=profile",
                        f"filename={os.environ['BENCH_JFR']}"], capture_output=True, check=False)
    time.sleep(seconds / 2)
    gauge = subscribers_gauge(ctx)
    group.wait(seconds + 60)
    run_view = ctx.api.wait_run(started["id"], timeout_s=60)
    if run_view["status"] != "SUCCEEDED":
        raise RuntimeError(f"run {run_view['id']} ended {run_view['status']}: {run_view.get('message')}")

    expected = int(rate * seconds)
    every = array.array("q")
    broken = []
    for viewer in group.viewers:
        every.extend(viewer.latencies)
        problems = list(viewer.problems)
        if viewer.next_seq != expected + 1:
            problems.append(f"last sequence {viewer.next_seq - 1} of {expected}")
        if not viewer.ended:
            problems.append("no end event within the wait (too slow or cut off)")
        if problems:
            broken.append(f"viewer {viewer.name}: {'; '.join(problems[:3])}")
    p50, p99, worst = summary(every) if every else (float("inf"),) * 3
    ctx.log(f"latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {worst:.1f} ms over {len(every):,} arrivals; "
            f"alone p99 {alone_ms[1]:.1f} ms; openssh p99 {floor_ms[1]:.1f} ms; client CPU {group.cpu_s:.1f} s; "
            f"subscribers gauge {gauge}")
    label = f"{count} viewers, {rate:,} lines/s for {seconds} s"
    floor = f"openssh {floor_ms[0]:.1f} / {floor_ms[1]:.1f} / {floor_ms[2]:.1f} ms; one viewer alone " \
            f"{alone_ms[0]:.1f} / {alone_ms[1]:.1f} / {alone_ms[2]:.1f} ms (p50 / p99 / max)"
    rows = [
        Row.bound_row("3 latency", f"p99 write on target -> SSE viewer, {label}", p99, 100, "ms",
                      baseline=f"{alone_ms[1]:.1f} ms alone", notes=floor),
        Row.bound_row("3 latency", "p50 write on target -> SSE viewer", p50, 100, "ms",
                      baseline=f"{alone_ms[0]:.1f} ms alone",
                      notes=f"max {worst:.1f} ms; {len(every):,} arrivals; client CPU {group.cpu_s:.1f} s "
                            f"(one selector thread); opsdeck_output_subscribers mid-run: {gauge}"),
        Row.bound_row("3 latency", "lines lost or out of order (all viewers)", len(broken), 0, "viewers",
                      notes="; ".join(broken[:3]) or f"every viewer got ids and sequences 1..{expected:,} in order, "
                                                        "then event: end"),
    ]
    return rows
