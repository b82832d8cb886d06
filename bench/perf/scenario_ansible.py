"""Scenario 2 of issue 8: run overhead of an Ansible run.

A 20-task playbook on 10 loopback sshd hosts (one Opsdeck environment holding exactly those servers), `POST
/api/v1/runs` kind=ansible until the run is terminal, against `ansible-playbook` run by hand on the same hosts with
the same ansible.cfg, the same forks (10) and the same playbook. Target <= 1.05x.

What both sides share: the repository's ansible/ansible.cfg (forks 10, interpreter discovery auto_silent, default
stdout callback), OpenSSH with ControlMaster/ControlPersist and no pipelining, strict host key checking against a
known_hosts, the same key, the same host names. Each side starts without a live SSH master connection (Opsdeck makes
a private control socket directory per run; the hand run gets a fresh ANSIBLE_SSH_CONTROL_PATH_DIR per run).
What differs, because that is what Opsdeck is: Opsdeck checks each host key itself before starting ansible-playbook,
leases the key from its encrypted store into a private file, writes a JSON inventory, extra vars and known_hosts into a
private workspace, enables two callback plugins (per-host stats file, events), forces colour, and stores every line.
The hand run uses Ansible's default ssh_args (`-C -o ControlMaster=auto -o ControlPersist=60s`).

Opsdeck's side waits the way a CI job would, by following the run's log (`GET .../log?follow=true`) and reading
the run once when the log ends. Round 1 polled `GET /api/v1/runs/{id}` every 20 ms instead: ~25 requests a second at
~5 ms of Opsdeck CPU each (plus PostgreSQL's), about 40 s of CPU over a run on the two cores ansible-playbook needs,
which was most of the 1.10x (BENCH_ANSIBLE_POLL=0.02 measures it that way again). The notes give Opsdeck's and
PostgreSQL's CPU during the run and the time from POST to the first byte of the log.

A second row compares the CPU of the ansible-playbook process tree (the main process, its forks, the ssh and sftp
clients; wait4 by hand, the JVM's reaped-children CPU through Opsdeck, whose child ansible-playbook is) over the same
three runs: the load-insensitive check that ansible-playbook does the same work under Opsdeck (round 3 found 1.00x,
docs/benchmarks.md "Scenario 2, third round"). It leaves out the detached ControlPersist masters (which Opsdeck
ends when the run ends, by hand they linger 30 s) and the sshd side.

The tasks are cheap and realistic: one `setup` with gather_subset=min (gather_facts is off), file, command, shell,
copy, lineinfile, stat, assert, debug, on a per-host directory under the scenario's work directory.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from harness import ROOT, Row, playbook_directory, timed

TITLE = "Ansible run overhead: 20-task playbook on 10 hosts"
ENVIRONMENT = "bench-ansible"
FORKS = 10
# How the scenario waits for Opsdeck's run: by following its log (`GET .../log?follow=true`, what `curl -N` does) and
# reading the run once when the log ends; BENCH_ANSIBLE_POLL=0.02 polls GET /api/v1/runs/{id} instead, as round 1 did
# (50 requests a second cost Opsdeck ~5 ms of CPU each, on the cores ansible-playbook needs).
POLL_S = float(os.environ.get("BENCH_ANSIBLE_POLL", "0"))

# (name, task body) in playbook order; `{{ d }}` is the host's scratch directory
TASKS = [
    ("Gather minimal facts", "ansible.builtin.setup:\n        gather_subset: [min]"),
    ("Start from an empty directory", "ansible.builtin.file:\n        path: \"{{ d }}\"\n        state: absent"),
    ("Create the directory", "ansible.builtin.file:\n        path: \"{{ d }}\"\n        state: directory\n"
                             "        mode: \"0755\""),
    ("Kernel", "ansible.builtin.command: uname -a"),
    ("Shell pipeline", "ansible.builtin.shell: echo hello | tr a-z A-Z > {{ d }}/upper.txt"),
    ("Write a config file", "ansible.builtin.copy:\n        dest: \"{{ d }}/app.conf\"\n"
                            "        content: |\n          listen = 8080\n          workers = 4\n"
                            "        mode: \"0644\""),
    ("Add a setting", "ansible.builtin.lineinfile:\n        path: \"{{ d }}/app.conf\"\n"
                      "        line: \"timeout = 30\""),
    ("Change a setting", "ansible.builtin.lineinfile:\n        path: \"{{ d }}/app.conf\"\n"
                         "        regexp: '^workers'\n        line: \"workers = 8\""),
    ("Stat the config", "ansible.builtin.stat:\n        path: \"{{ d }}/app.conf\"\n      register: conf"),
    ("Config exists", "ansible.builtin.assert:\n        that: conf.stat.exists"),
    ("Touch a marker", "ansible.builtin.file:\n        path: \"{{ d }}/marker\"\n        state: touch"),
    ("Write a second file", "ansible.builtin.copy:\n        dest: \"{{ d }}/motd\"\n"
                            "        content: \"managed by opsdeck\\n\""),
    ("Read the config", "ansible.builtin.command: cat {{ d }}/app.conf\n      register: cat_conf\n"
                        "      changed_when: false"),
    ("Show it", "ansible.builtin.debug:\n        msg: \"{{ cat_conf.stdout_lines | length }} settings\""),
    ("Link the config", "ansible.builtin.file:\n        src: \"{{ d }}/app.conf\"\n"
                        "        dest: \"{{ d }}/current.conf\"\n        state: link"),
    ("Count lines", "ansible.builtin.shell: wc -l < {{ d }}/app.conf\n      changed_when: false"),
    ("Stat the marker", "ansible.builtin.stat:\n        path: \"{{ d }}/marker\""),
    ("Tighten the config", "ansible.builtin.file:\n        path: \"{{ d }}/app.conf\"\n        mode: \"0600\""),
    ("List the directory", "ansible.builtin.command: ls -la {{ d }}\n      changed_when: false"),
    ("Clean up", "ansible.builtin.file:\n        path: \"{{ d }}\"\n        state: absent"),
]
SMOKE_TASKS = [2, 3, 19]  # create, command, clean up


def playbook(tasks, scratch) -> str:
    lines = ["- name: Opsdeck benchmark playbook", "  hosts: all", "  gather_facts: false",
             "  vars:", f"    d: \"{scratch}/{{{{ inventory_hostname }}}}\"", "  tasks:"]
    for name, body in tasks:
        lines += [f"    - name: {name}", f"      {body}"]
    return "\n".join(lines) + "\n"


def hand_inventory(ctx, hosts, names, path):
    """The INI inventory a user would write for the same hosts, under the same names as Opsdeck's inventory (no
    interpreter pinned: both sides discover it, auto_silent, as ansible.cfg says)."""
    lines = ["[bench]"]
    for host, name in zip(hosts, names):
        lines.append(f"{name} ansible_host={host.address} ansible_port={host.port} ansible_user=root")
    lines += ["", "[bench:vars]", f"ansible_ssh_private_key_file={ctx.farm.key}",
              f"ansible_ssh_common_args='-o UserKnownHostsFile={ctx.farm.known_hosts} -o StrictHostKeyChecking=yes'"]
    path.write_text("\n".join(lines) + "\n")
    return path


def hand_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env["ANSIBLE_CONFIG"] = str(ROOT / "ansible" / "ansible.cfg")
    return env


def cpu_seconds(pids) -> float:
    """User + system CPU seconds of these processes so far (those that ended meanwhile are left out)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds(pid) -> float:
    """User + system CPU seconds of the waited-for descendants of a process (cutime + cstime in /proc/<pid>/stat)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def chosen_tasks(ctx):
    """The playbook's tasks: all 20, the smoke's 3, or BENCH_ANSIBLE_TASKS=N for iterating on a busy machine (the
    first N-1 and the clean-up; the figure to report is the full size)."""
    if ctx.smoke:
        return [TASKS[i] for i in SMOKE_TASKS]
    n = int(os.environ.get("BENCH_ANSIBLE_TASKS", len(TASKS)))
    return TASKS if n >= len(TASKS) else TASKS[:max(1, n - 1)] + [TASKS[-1]]


def run(ctx):
    count = 2 if ctx.smoke else 10
    tasks = chosen_tasks(ctx)
    hosts = ctx.farm.start(count)
    prefix = "ans"
    ctx.farm.register_separately(ctx.api, ENVIRONMENT, hosts, prefix)
    names = [f"{prefix}-{h.address.replace('.', '-')}" for h in hosts]
    scratch = ctx.work / "targets"
    scratch.mkdir()

    book_dir = playbook_directory(ctx.app) / "bench"
    book_dir.mkdir(parents=True, exist_ok=True)
    (book_dir / "bench-ansible.yml").write_text(playbook(tasks, scratch))
    (book_dir / "bench-ansible-warm.yml").write_text(playbook([TASKS[i] for i in SMOKE_TASKS], scratch))
    inventory = hand_inventory(ctx, hosts, names, ctx.work / "inventory.ini")
    env = hand_environment()

    tree_cpu = {"hand": [], "opsdeck": []}

    def by_hand(name):
        with tempfile.TemporaryDirectory(prefix="cp", dir="/tmp") as control:
            run_env = dict(env, ANSIBLE_SSH_CONTROL_PATH_DIR=control)
            with open(ctx.work / "hand.out", "wb") as out:
                process = subprocess.Popen(["ansible-playbook", "-i", str(inventory), f"--forks={FORKS}",
                                            str(book_dir / name)], stdout=out, stderr=subprocess.STDOUT,
                                           env=run_env, cwd=ROOT / "ansible")
                # wait4: the CPU of ansible-playbook and every descendant it reaped (forks, ssh and sftp clients)
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = os.waitstatus_to_exitcode(status)
            tree_cpu["hand"].append(usage.ru_utime + usage.ru_stime)
            if process.returncode != 0:
                raise RuntimeError(f"ansible-playbook by hand exited with {process.returncode}: {ctx.work / 'hand.out'}")

    first_byte = []
    cpu = []

    def through_opsdeck(name):
        before = cpu_seconds([ctx.app.pid, *ctx.app.postgres_pids()])
        # Opsdeck starts ansible-playbook as its own child (setsid execs in place) and reaps it: the growth of the
        # JVM's children CPU over the run is the same tree's CPU as wait4 gives by hand
        children_before = children_cpu_seconds(ctx.app.pid)
        started = ctx.api.post("/api/v1/runs", {"kind": "ansible", "playbook": f"bench/{name}",
                                                "environment": ENVIRONMENT, "forks": FORKS})
        if POLL_S:
            view, first = ctx.api.wait_run(started["id"], poll_s=POLL_S), None
        else:
            view, first = ctx.api.follow_run(started["id"])
        first_byte.append(first)
        cpu.append(cpu_seconds([ctx.app.pid, *ctx.app.postgres_pids()]) - before)
        tree_cpu["opsdeck"].append(children_cpu_seconds(ctx.app.pid) - children_before)
        if view["status"] != "SUCCEEDED":
            raise RuntimeError(f"run {view['id']} ended {view['status']}: {view.get('message')}")
        return view

    # warm-up: page cache of Ansible's modules, the JIT, the credential and host-key paths on both sides (the smoke
    # only proves the scenario works, in seconds)
    if not ctx.smoke:
        by_hand("bench-ansible-warm.yml")
        through_opsdeck("bench-ansible-warm.yml")

    base_1, _ = timed(by_hand, "bench-ansible.yml")
    ops_s, view = timed(through_opsdeck, "bench-ansible.yml")
    base_2, _ = timed(by_hand, "bench-ansible.yml")
    base_s = (base_1 + base_2) / 2
    recap = view["hosts"]
    ok = len(recap) == count and all(h["status"] == "SUCCEEDED" for h in recap)
    row = Row.ratio_row("2 ansible", f"{len(tasks)}-task playbook on {count} hosts, forks {FORKS}: POST to SUCCEEDED "
                        "vs `ansible-playbook` by hand", ops_s, base_s, 1.05,
                        notes=f"baseline {base_1:.2f} s before, {base_2:.2f} s after; {view['lineCount']} lines "
                              f"stored; {sum(h['ok'] for h in recap)} ok / {sum(h['changed'] for h in recap)} "
                              f"changed task results; Opsdeck + PostgreSQL CPU {cpu[-1]:.1f} s"
                              + (f", first log byte after {first_byte[-1]:.2f} s" if first_byte[-1] else "")
                              + (f", polled every {POLL_S} s" if POLL_S else ", waited on the followed log")
                              + ("" if ok else " **(hosts missing or not SUCCEEDED!)**"))
    if not ok:
        row.passed = False
    # The load-insensitive view of the same runs: CPU of the ansible-playbook process tree (the main process, its
    # forks, the ssh/sftp clients they start; not the detached ControlPersist masters nor the sshd side), which a
    # busy machine inflates far less than wall time. A difference in how ansible-playbook runs under Opsdeck
    # (environment, SSH options, callbacks, output to a pipe) would show here.
    hand_1, ops_tree, hand_2 = tree_cpu["hand"][-2], tree_cpu["opsdeck"][-1], tree_cpu["hand"][-1]
    cpu_row = Row.ratio_row("2 ansible", f"CPU of the `ansible-playbook` process tree, same runs ({len(tasks)} tasks "
                            f"on {count} hosts)", ops_tree, (hand_1 + hand_2) / 2, 1.05, unit="s CPU",
                            notes=f"by hand {hand_1:.2f} s before, {hand_2:.2f} s after; main process, forks, ssh "
                                  "and sftp clients (not the ControlPersist masters or the sshd side)")
    shutil.rmtree(scratch, ignore_errors=True)
    return [row, cpu_row]
