"""Shared parts of the performance harness (issue 8): the Opsdeck process, its REST API, a farm of real OpenSSH
servers on loopback addresses, samplers and the result rows.

Everything runs on this machine and only talks to 127.0.0.0/8. Addresses used (see docs/benchmarks.md):
127.0.9.1 for Opsdeck, 127.0.10.1-127.0.10.254 for the sshd farm. Nothing here is specific to one scenario.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_HOST = "127.0.9.1"
FARM_PREFIX = "127.0.10."

# sshd sessions run the user's login shell, which sources ~/.bashrc; on these machines that runs `pyenv init` (about
# half a second and a lock shared by concurrent logins). Neither side of a comparison should pay it, so every sshd
# runs in a private mount namespace where ~/.bashrc reads as empty (as src/test/.../SshdServer.java does).
WITHOUT_LOGIN_SCRIPT = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                        'if [ -f "$HOME/.bashrc" ]; then mount --bind /dev/null "$HOME/.bashrc" || exit 1; fi;'
                        ' exec "$@"', "sh"]


@dataclasses.dataclass
class Row:
    """One line of the result table. `ratio` is opsdeck / baseline (or the measured value when the target is an
    absolute bound); `target` is the bound it must not exceed (or fall below when `higher_is_better`)."""
    scenario: str
    metric: str
    opsdeck: str
    baseline: str
    ratio: float | None
    target: str
    passed: bool | None
    notes: str = ""

    @staticmethod
    def ratio_row(scenario, metric, opsdeck_s, baseline_s, limit, unit="s", notes=""):
        ratio = opsdeck_s / baseline_s if baseline_s > 0 else None
        return Row(scenario, metric, f"{opsdeck_s:.2f} {unit}", f"{baseline_s:.2f} {unit}", ratio,
                   f"≤ {limit}×", ratio is not None and ratio <= limit, notes)

    @staticmethod
    def bound_row(scenario, metric, value, limit, unit, higher_is_better=False, notes="", baseline="—"):
        passed = value >= limit if higher_is_better else value <= limit
        sign = "≥" if higher_is_better else "≤"
        return Row(scenario, metric, f"{value:,.1f} {unit}", baseline, None, f"{sign} {limit:,} {unit}", passed, notes)


@dataclasses.dataclass
class Context:
    """What every scenario gets: sizes, a private work directory, the running Opsdeck and its API."""
    smoke: bool
    work: Path
    app: "App"
    api: "Api"
    farm: "SshFarm"
    log: callable


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def run(cmd, **kw) -> subprocess.CompletedProcess:
    """Runs a command (a list, never a shell string) and fails loudly with its output."""
    kw.setdefault("check", True)
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    return subprocess.run(cmd, **kw)


def run_java() -> str:
    """@return the java Opsdeck runs on, as `scripts/run.sh` picks it (`opsdeck_run_java` in scripts/lib/setup.sh:
    OPSDECK_JAVA, else JAVA_HOME's, else PATH's java), as an absolute path when it is one"""
    out = run(["bash", "-c", 'source scripts/lib/setup.sh && opsdeck_run_java'], cwd=ROOT).stdout.strip()
    return shutil.which(out) or out


def setup_sh(function: str) -> list[str]:
    """@return the words a function of scripts/lib/setup.sh prints, e.g. `opsdeck_java_opts` (scripts/run.sh's default
    JVM options) or `opsdeck_g1_opts` (the G1 options every start of Opsdeck takes)"""
    return run(["bash", "-c", f"source scripts/lib/setup.sh && {function}"], cwd=ROOT).stdout.split()


def use_run_java() -> str:
    """Puts the bin directory of `run_java()` first on PATH for this process and its children, so the Opsdeck under
    test, `jstat` and `jcmd` are all of the java `scripts/run.sh` runs Opsdeck on. @return that java."""
    java = run_java()
    if "/" in java:
        os.environ["PATH"] = str(Path(java).parent) + os.pathsep + os.environ["PATH"]
    return java


def timed(fn, *args, **kw) -> tuple[float, object]:
    """@return (seconds, result) of one call, wall clock."""
    start = time.monotonic()
    result = fn(*args, **kw)
    return time.monotonic() - start, result


class Api:
    """The REST API with a bearer token (the way a CI pipeline calls it)."""

    def __init__(self, base: str, token: str):
        self.base = base
        self.token = token

    def request(self, method: str, path: str, body=None, timeout=60, raw=False):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                payload = resp.read()
        except urllib.error.HTTPError as ex:
            raise RuntimeError(f"{method} {path} -> {ex.code}: {ex.read().decode(errors='replace')[:2000]}") from None
        if raw:
            return payload
        return json.loads(payload) if payload else None

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body, **kw):
        return self.request("PUT", path, body, **kw)

    def wait_run(self, run_id: str, timeout_s: float = 3600, poll_s: float = 0.05) -> dict:
        """Polls GET /api/v1/runs/{id} until the run is terminal. @return the run. @raise on timeout."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            run_view = self.get(f"/api/v1/runs/{run_id}")
            if run_view["status"] not in ("QUEUED", "RUNNING"):
                return run_view
            time.sleep(poll_s)
        raise TimeoutError(f"run {run_id} still running after {timeout_s} s")

    def wait_run_end(self, run_id: str, timeout_s: float = 3600, wait_s: int = 300, poll_s: float = 0.02) -> dict:
        """Waits for a run the way a CI pipeline should: `GET /api/v1/runs/{id}?waitSeconds=N` answers when the run
        has ended (or after N seconds with its state then: ask again), holding no thread in Opsdeck meanwhile. An
        Opsdeck without the parameter answers at once; then this polls every `poll_s` like `wait_run`.
        @return the run. @raise on timeout."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            wait = max(1, min(wait_s, int(deadline - time.monotonic())))
            asked = time.monotonic()
            run_view = self.get(f"/api/v1/runs/{run_id}?waitSeconds={wait}", timeout=wait + 30)
            if run_view["status"] not in ("QUEUED", "RUNNING"):
                return run_view
            if time.monotonic() - asked < wait * 0.9:  # answered early but not ended: no waitSeconds (older Opsdeck)
                time.sleep(poll_s)
        raise TimeoutError(f"run {run_id} still running after {timeout_s} s")

    def follow_run(self, run_id: str, timeout_s: float = 3600) -> tuple[dict, float | None]:
        """Waits for a run the way `curl -N .../log?follow=true` does (the log so far, then each line as it comes,
        until the run has ended), then reads it once; a waiting client that costs Opsdeck next to nothing, unlike
        polling GET /api/v1/runs/{id} many times a second. @return (the run, seconds from this call to the first
        byte of the log, or None if there was none)."""
        req = urllib.request.Request(f"{self.base}/api/v1/runs/{run_id}/log?follow=true")
        req.add_header("Authorization", "Bearer " + self.token)
        start = time.monotonic()
        first = None
        with urllib.request.urlopen(req, timeout=timeout_s) as resp:
            while True:
                block = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                if not block:
                    break
                if first is None:
                    first = time.monotonic() - start
        run_view = self.get(f"/api/v1/runs/{run_id}")
        if run_view["status"] in ("QUEUED", "RUNNING"):  # the log ended a moment before the run's row did
            run_view = self.wait_run(run_id, timeout_s, poll_s=0.02)
        return run_view, first

    def environment(self, name: str, kind: str = "staging") -> None:
        with contextlib.suppress(RuntimeError):  # exists already
            self.post("/api/v1/environments",
                      {"name": name, "kind": kind, "cloudProvider": "aws", "region": "eu-central-1"})


class App:
    """Opsdeck started with `java -jar` on its embedded PostgreSQL, in a fresh data directory, listening on
    127.0.9.1 with a bootstrap CI token."""

    def __init__(self, jar: Path, work: Path, java_opts: list[str], extra_args: list[str] = ()):
        self.jar = jar
        self.data = work / "data"
        self.log_path = work / "opsdeck.log"
        self.port = free_port(APP_HOST)
        self.db_port = free_port("127.0.0.1")
        self.base = f"http://{APP_HOST}:{self.port}"
        self.token = "odk_bench_" + os.urandom(16).hex()
        self.java_opts = java_opts
        self.extra_args = list(extra_args)
        self.process: subprocess.Popen | None = None
        self.ready_seconds: float | None = None

    def start(self, timeout_s: float = 300) -> "App":
        """Starts the JVM and waits for /actuator/health/readiness to answer 200; records `ready_seconds` (from the
        exec of `java -jar` to the first 200)."""
        self.data.mkdir(parents=True, exist_ok=True)
        cmd = ["java", *self.java_opts, "-jar", str(self.jar),
               f"--server.address={APP_HOST}", f"--server.port={self.port}",
               f"--opsdeck.data-directory={self.data}", f"--opsdeck.bootstrap-token={self.token}",
               f"--opsdeck.embedded-database.port={self.db_port}",
               "--opsdeck.server-metrics.default-enabled=false", *self.extra_args]
        log = open(self.log_path, "ab")
        start = time.monotonic()
        self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=self.data,
                                        start_new_session=True)
        deadline = start + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Opsdeck exited with {self.process.returncode}; log: {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/actuator/health/readiness", timeout=2) as resp:
                    if resp.status == 200:
                        self.ready_seconds = time.monotonic() - start
                        return self
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.05)
        raise TimeoutError(f"Opsdeck not ready after {timeout_s} s; log: {self.log_path}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def api(self) -> Api:
        return Api(self.base, self.token)

    def rss_bytes(self) -> int:
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def heap_used_bytes(self) -> int:
        """Heap in use now (young + old, as `jstat -gc` reports it), bytes; includes garbage not yet collected."""
        out = run(["jstat", "-gc", str(self.pid)]).stdout.split("\n")
        names, values = out[0].split(), out[1].split()
        col = dict(zip(names, values))
        return int(sum(float(col.get(k, 0)) for k in ("S0U", "S1U", "EU", "OU")) * 1024)

    def postgres_pids(self) -> list[int]:
        """@return the embedded PostgreSQL's postmaster and its children (the pool's backends); empty when it does
        not run"""
        try:
            postmaster = int((self.data / "pgdata" / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        pids = [postmaster]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                        pids.append(int(entry.name))
                except (OSError, IndexError, ValueError):
                    pass
        return pids

    def psql(self, sql: str) -> str:
        """Runs SQL as the embedded cluster's superuser (`psql`, password from the data directory)."""
        password = (self.data / "pgdata.password").read_text().strip()
        env = dict(os.environ, PGPASSWORD=password)
        return run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.db_port),
                    "-U", "postgres", "-d", "postgres", "-c", sql], env=env).stdout

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Sampler:
    """Samples a function every `interval_s` on a daemon thread; `peak` is the largest value seen."""

    def __init__(self, fn, interval_s: float = 0.5):
        self.fn = fn
        self.interval_s = interval_s
        self.values: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        while not self._stop.is_set():
            with contextlib.suppress(Exception):
                self.values.append(self.fn())
            self._stop.wait(self.interval_s)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def peak(self) -> float:
        return max(self.values) if self.values else 0.0


class HeapSampler:
    """Heap in use (young + old, as `jstat -gc` reports it, bytes; includes garbage not yet collected) every
    `interval_ms`, from ONE `jstat -gc <pid> <interval>` process streaming its samples: starting a `jstat` JVM per
    sample cost the measured machine 1-3 s of CPU per run (perf-ssh2). `peak` and `values` as in `Sampler`."""

    def __init__(self, pid: int, interval_ms: int = 250):
        self.values: list[float] = []
        self._process = subprocess.Popen(["jstat", "-gc", str(pid), str(interval_ms)], stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, text=True)
        self._thread = threading.Thread(target=self._read, daemon=True)

    def _read(self):
        names = None
        for line in self._process.stdout:
            fields = line.split()
            if not fields:
                continue
            if names is None or fields[0] == names[0]:
                names = fields
                continue
            with contextlib.suppress(ValueError):
                col = dict(zip(names, fields))
                self.values.append(sum(float(col.get(k, 0)) for k in ("S0U", "S1U", "EU", "OU")) * 1024)

    def __enter__(self):
        self._thread.start()
        deadline = time.monotonic() + 15  # jstat attaches in about a second: sample from the start of the block
        while not self.values and time.monotonic() < deadline and self._process.poll() is None:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self._process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(10)
        self._thread.join(10)

    @property
    def peak(self) -> float:
        return max(self.values) if self.values else 0.0


@dataclasses.dataclass
class SshHost:
    address: str
    port: int
    fingerprint: str
    process: subprocess.Popen
    server_id: str | None = None


class SshFarm:
    """Real OpenSSH servers (`/usr/sbin/sshd -D`), one per loopback address 127.0.10.N, all accepting one client
    key pair; a `known_hosts` for the OpenSSH client and Ansible, and the same hosts registered in Opsdeck with
    strict host key checking against their fingerprints."""

    def __init__(self, work: Path):
        self.dir = work / "sshd-farm"
        self.dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.key = self.dir / "client_ed25519"
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.key)])
        (self.dir / "authorized_keys").write_text((self.dir / "client_ed25519.pub").read_text())
        self.known_hosts = self.dir / "known_hosts"
        self.known_hosts.write_text("")
        self.hosts: list[SshHost] = []
        self.credential_id: str | None = None
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)

    def start(self, count: int) -> list[SshHost]:
        """Starts sshd on 127.0.10.{n+1}.. until `count` hosts run; @return all hosts."""
        while len(self.hosts) < count:
            n = len(self.hosts) + 1
            address = FARM_PREFIX + str(n)
            host_key = self.dir / f"host{n}_ed25519"
            if not host_key.exists():
                run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)])
            port = free_port(address)
            config = self.dir / f"sshd{n}.conf"
            config.write_text(
                f"ListenAddress {address}:{port}\nHostKey {host_key}\nPidFile none\nUsePAM no\n"
                f"PermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                f"PubkeyAuthentication yes\nAuthorizedKeysFile {self.dir / 'authorized_keys'}\nStrictModes no\n"
                f"MaxStartups 200:30:400\nMaxSessions 100\nLogLevel ERROR\nSubsystem sftp internal-sftp\n")
            process = subprocess.Popen([*WITHOUT_LOGIN_SCRIPT, "/usr/sbin/sshd", "-D", "-e", "-f", str(config)],
                                       stdout=subprocess.DEVNULL, stderr=open(self.dir / f"sshd{n}.log", "ab"),
                                       start_new_session=True)
            fingerprint = run(["ssh-keygen", "-lf", f"{host_key}.pub"]).stdout.split()[1]
            with open(self.known_hosts, "a") as f:
                f.write(f"[{address}]:{port} {(Path(str(host_key) + '.pub')).read_text().split(' ')[0]} "
                        f"{Path(str(host_key) + '.pub').read_text().split(' ')[1]}\n")
            self.hosts.append(SshHost(address, port, fingerprint, process))
        for host in self.hosts[:count]:
            self._wait_listening(host)
        return self.hosts[:count]

    @staticmethod
    def _wait_listening(host: SshHost, timeout_s: float = 20):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if host.process.poll() is not None:
                raise RuntimeError(f"sshd on {host.address}:{host.port} exited with {host.process.returncode}")
            with contextlib.suppress(OSError), socket.create_connection((host.address, host.port), timeout=1):
                return
            time.sleep(0.05)
        raise TimeoutError(f"sshd on {host.address}:{host.port} not listening")

    def ssh_command(self, host: SshHost, remote: str) -> list[str]:
        """@return the OpenSSH client command line that runs `remote` on `host` (the baseline's way in)."""
        return ["ssh", "-q", "-T", "-i", str(self.key), "-p", str(host.port), "-o", "BatchMode=yes",
                "-o", f"UserKnownHostsFile={self.known_hosts}", "-o", "StrictHostKeyChecking=yes",
                "-o", "LogLevel=ERROR", f"root@{host.address}", remote]

    def register(self, api: Api, environment: str, hosts: list[SshHost], prefix: str = "bench") -> list[str]:
        """Creates the credential (once), the environment and one Opsdeck server per host (strict host key policy
        with the host's fingerprint). @return the server ids, in the order of `hosts`."""
        if self.credential_id is None:
            credential = api.post("/api/v1/credentials", {"name": "bench-key", "type": "ssh-key",
                                                           "privateKey": self.key.read_text(), "passphrase": None})
            self.credential_id = credential["id"]
        api.environment(environment)
        ids = []
        for host in hosts:
            if host.server_id is None:
                server = api.post("/api/v1/servers", {
                    "name": f"{prefix}-{host.address.replace('.', '-')}", "host": host.address, "port": host.port,
                    "username": "root", "environment": environment, "credentialId": self.credential_id,
                    "hostKeyPolicy": "strict", "hostKeyFingerprint": host.fingerprint})
                host.server_id = server["id"]
            ids.append(host.server_id)
        return ids

    def register_separately(self, api: Api, environment: str, hosts: list[SshHost], prefix: str) -> list[str]:
        """Like `register`, but always creates new servers named `<prefix>-<address>` in `environment` (so an
        environment holds exactly these hosts, whatever other scenarios registered). @return their ids."""
        self.register(api, environment, [])  # the credential and the environment
        ids = []
        for host in hosts:
            server = api.post("/api/v1/servers", {
                "name": f"{prefix}-{host.address.replace('.', '-')}", "host": host.address, "port": host.port,
                "username": "root", "environment": environment, "credentialId": self.credential_id,
                "hostKeyPolicy": "strict", "hostKeyFingerprint": host.fingerprint})
            ids.append(server["id"])
        return ids

    def inventory(self, hosts: list[SshHost], path: Path) -> Path:
        """Writes an INI inventory for `ansible`/`ansible-playbook` by hand (group `bench`). @return path."""
        lines = ["[bench]"]
        for host in hosts:
            lines.append(f"{host.address} ansible_port={host.port} ansible_user=root")
        lines += ["", "[bench:vars]", f"ansible_ssh_private_key_file={self.key}",
                  f"ansible_ssh_common_args='-o UserKnownHostsFile={self.known_hosts} -o StrictHostKeyChecking=yes'",
                  "ansible_python_interpreter=/usr/bin/python3"]
        path.write_text("\n".join(lines) + "\n")
        return path

    def stop(self):
        for host in self.hosts:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(host.process.pid, signal.SIGTERM)
        for host in self.hosts:
            with contextlib.suppress(subprocess.TimeoutExpired):
                host.process.wait(10)


def ansible_tree_args(work: Path) -> list[str]:
    """The App arguments that point Opsdeck at the repository's Ansible tree (its ansible.cfg and roles) with a
    playbook directory of its own: a copy of ansible/playbooks under `work`, into which scenarios write the playbooks
    they run (see `playbook_directory`). Opsdeck itself starts in its data directory, where no `ansible/` exists."""
    playbooks = work / "playbooks"
    if not playbooks.exists():
        shutil.copytree(ROOT / "ansible" / "playbooks", playbooks)
    return [f"--opsdeck.ansible.directory={ROOT / 'ansible'}", f"--opsdeck.ansible.playbook-directory={playbooks}"]


def start_apps_side_by_side(jars: list[str], work: Path, java_opts: list[str]) -> dict[str, "App"]:
    """Starts one Opsdeck per jar, each on its own embedded PostgreSQL under `work/app-<label>`, all at once, and
    waits until each is healthy (the A/B probes `ssh_probe.py` and `replay_probe.py`).

    @param jars `label=path`, or `label=path@NAME=value` to start that JVM with one extra environment variable
    @return label -> started App, in the order given"""
    started = {}
    for spec in jars:  # started one after another (their environments differ), waited for together
        label, jar = spec.split("=", 1)
        jar, _, extra_env = jar.partition("@")
        app = App(Path(jar).resolve(), work / f"app-{label}", java_opts, ansible_tree_args(work))
        saved = dict(os.environ)
        if extra_env:
            name, value = extra_env.split("=", 1)
            os.environ[name] = value
        try:
            waiter = threading.Thread(target=app.start)
            waiter.start()
            while app.process is None and waiter.is_alive():  # Popen has copied the environment
                time.sleep(0.05)
            if extra_env and app.process is not None:
                with open(f"/proc/{app.pid}/environ", "rb") as f:
                    assert extra_env.encode() in f.read().split(b"\0"), extra_env
        finally:
            os.environ.clear()
            os.environ.update(saved)
        started[label] = (app, waiter)
    for app, waiter in started.values():
        waiter.join()
    failed = [app for app, _ in started.values() if app.ready_seconds is None]
    if failed:
        for app, _ in started.values():
            app.stop()
        raise RuntimeError("not ready: " + ", ".join(str(app.log_path) for app in failed))
    return {label: app for label, (app, _) in started.items()}


def playbook_directory(app: "App") -> Path:
    """@return the directory Opsdeck resolves playbook names in (as set by `ansible_tree_args`)."""
    for arg in app.extra_args:
        if arg.startswith("--opsdeck.ansible.playbook-directory="):
            return Path(arg.split("=", 1)[1])
    raise RuntimeError("Opsdeck was started without --opsdeck.ansible.playbook-directory (harness.ansible_tree_args)")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def machine() -> dict:
    """Facts printed with every result: cores, memory, load, kernel, JDK, commit."""
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    commit = run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=False).stdout.strip() or "?"
    dirty = run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], check=False).stdout.strip()
    java = run(["java", "-version"], check=False).stderr.splitlines()
    return {"cores": os.cpu_count(), "memory": f"{mem / 2**30:.1f} GiB", "load": os.getloadavg()[0],
            "commit": commit + (" (with uncommitted changes)" if dirty else ""),
            "java": java[0] if java else "?",
            "ssh": run(["ssh", "-V"], check=False).stderr.strip(),
            "ansible": (run(["ansible", "--version"], check=False).stdout.splitlines() or ["?"])[0]}


def which(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise RuntimeError(f"{name} is not installed (bench/run.sh installs it)")
    return path

