"""Scenario 4 of issue 8: fan-out of one command to 100 hosts.

`uptime` on 100 loopback sshd hosts (127.0.10.1-100, one sshd process each), an Opsdeck SSH run with parallelism 50
(`POST /api/v1/runs` until terminal, every host SUCCEEDED) against `ansible all -i inventory -f 50 -m command -a
uptime` on the same hosts. Target <= 0.5x: an in-process SSH client should beat forking Python per host.

Both sides open a new SSH connection per host with the same key and verify each host key strictly (Opsdeck against
the fingerprints it stores, Ansible against a known_hosts). The Ansible side gets every advantage a user could give
it: the interpreter pinned (no discovery round trip), the repository's ansible.cfg, no live SSH master left from an
earlier run (a fresh ANSIBLE_SSH_CONTROL_PATH_DIR per run). Opsdeck keeps a finished run's connections idle for
`opsdeck.ssh.connection-persist` (60 s, docs/runs.md "Connection reuse"): the measured run may reuse the 5 warm-up
hosts' connections if it starts within 60 s of the warm-up (the Ansible baseline before it usually takes longer).
"""
from __future__ import annotations

import os
import subprocess
import tempfile

from harness import ROOT, Row, timed

TITLE = "Fan-out: one command on 100 hosts, parallelism 50"
COMMAND = "uptime"


def run(ctx):
    count = 3 if ctx.smoke else 100
    parallelism = 50
    hosts = ctx.farm.start(count)
    servers = ctx.farm.register(ctx.api, "bench-fanout", hosts)
    inventory = ctx.farm.inventory(hosts, ctx.work / "inventory.ini")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env["ANSIBLE_CONFIG"] = str(ROOT / "ansible" / "ansible.cfg")

    def by_ansible(targets=hosts):
        with tempfile.TemporaryDirectory(prefix="cp", dir="/tmp") as control:
            with open(ctx.work / "ansible.out", "wb") as out:
                done = subprocess.run(["ansible", "all", "-i", str(inventory), "-f", str(parallelism), "-m", "command",
                                       "-a", COMMAND, "--limit", ",".join(h.address for h in targets)],
                                      stdout=out, stderr=subprocess.STDOUT, cwd=ROOT / "ansible",
                                      env=dict(env, ANSIBLE_SSH_CONTROL_PATH_DIR=control))
        if done.returncode != 0:
            raise RuntimeError(f"ansible exited {done.returncode}; see {ctx.work / 'ansible.out'}")

    def through_opsdeck(ids=servers):
        started = ctx.api.post("/api/v1/runs", {"kind": "ssh", "command": COMMAND, "servers": ids,
                                                "parallelism": parallelism})
        return ctx.api.wait_run(started["id"], poll_s=0.02)

    # warm-up: one small run each (a few hosts)
    by_ansible(hosts[:5])
    through_opsdeck(servers[:5])

    base_1, _ = timed(by_ansible)
    ops_s, view = timed(through_opsdeck)
    base_2, _ = timed(by_ansible)
    base_s = (base_1 + base_2) / 2
    succeeded = sum(1 for h in view["hosts"] if h["status"] == "SUCCEEDED")
    ok = view["status"] == "SUCCEEDED" and succeeded == count
    row = Row.ratio_row("4 fan-out", f"`{COMMAND}` on {count} hosts, parallelism {parallelism}: POST to SUCCEEDED vs "
                        f"`ansible all -f {parallelism} -m command`", ops_s, base_s, 0.5,
                        notes=f"baseline {base_1:.2f} s before, {base_2:.2f} s after; {succeeded}/{count} hosts "
                              "SUCCEEDED" + ("" if ok else f" **(run {view['status']}: {view.get('message')})**"))
    if not ok:
        row.passed = False
    return [row]
