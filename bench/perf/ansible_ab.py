"""Scenario 2 helper (round 10): A/B of how Opsdeck starts ansible-playbook against the hand run, without Opsdeck.

Starts 10 loopback sshd hosts (harness.SshFarm), writes the scenario's playbook, an INI inventory for the hand run
and an Opsdeck-like workspace (JSON inventory with HostKeyAlias, known_hosts under the server names, empty extra
vars, the two callback plugins from src/main/resources), then runs ansible-playbook in the variants named on the
command line, alternating their order each repetition, and prints the CPU of the process tree (wait4: main process,
forks, ssh and sftp clients) and the wall time of each run, then medians and ratios to the first variant.

    /usr/bin/python3 bench/perf/ansible_ab.py REPS VARIANT...      # e.g. 3 H O O+-cb O+pipe

A variant is parts joined by '+': H (the hand run: the caller's environment, INI inventory, Ansible's default
ssh_args) or O (everything Opsdeck passes, reproduced from /proc/<pid>/environ of a run it started: allow-listed
environment, ANSIBLE_FORCE_COLOR, PYTHONUNBUFFERED, its ANSIBLE_SSH_ARGS and known_hosts, JSON inventory, -e
@extra-vars, ANSIBLE_LOCAL_TEMP, both callbacks); '-x' drops part x of O (cb, color, unbuf, ltemp, ev, minenv);
cb/cbs/cbe add both callbacks / opsdeck_stats / opsdeck_events; pipe reads stdout through a pipe as Opsdeck does;
prof runs the main process under cProfile; st records every execve with strace. AB_TASKS=N runs a shorter playbook.
"""
import os, sys, json, time, shutil, subprocess, tempfile, statistics
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import SshFarm, ROOT
import scenario_ansible as sa

work = Path(tempfile.mkdtemp(prefix='ab', dir='/tmp'))
farm = SshFarm(work)
hosts = farm.start(10)
names = [f"ans-{h.address.replace('.', '-')}" for h in hosts]
scratch = work / 'targets'; scratch.mkdir()
ntasks = int(os.environ.get('AB_TASKS', '20'))
tasks = sa.TASKS if ntasks >= 20 else sa.TASKS[:ntasks-1] + [sa.TASKS[-1]]
book = work / 'book.yml'; book.write_text(sa.playbook(tasks, scratch))
ini = work / 'inventory.ini'
lines = ['[bench]'] + [f"{n} ansible_host={h.address} ansible_port={h.port} ansible_user=root" for h, n in zip(hosts, names)]
lines += ['', '[bench:vars]', f'ansible_ssh_private_key_file={farm.key}',
          f"ansible_ssh_common_args='-o UserKnownHostsFile={farm.known_hosts} -o StrictHostKeyChecking=yes'"]
ini.write_text('\n'.join(lines) + '\n')
# Opsdeck-like workspace
ws = work / 'run'; (ws / 'tmp').mkdir(parents=True); (ws / 'callback_plugins').mkdir()
plugdir = Path(os.environ.get('AB_PLUGINS', str(ROOT / 'src/main/resources/ansible/callback_plugins')))
for p in plugdir.glob('*.py'): shutil.copy(p, ws / 'callback_plugins')
kh = ws / 'known_hosts'
kh.write_text(''.join(f"{n} {open(farm.dir / f'host{i+1}_ed25519.pub').read().split()[0]} {open(farm.dir / f'host{i+1}_ed25519.pub').read().split()[1]}\n" for i, n in enumerate(names)))
inv = {'all': {'hosts': {}, 'children': {'bench_ansible': {'hosts': {}}}}}
for h, n in zip(hosts, names):
    inv['all']['hosts'][n] = {'ansible_host': h.address, 'ansible_port': h.port, 'ansible_user': 'root',
        'ansible_ssh_common_args': f'-o HostKeyAlias={n}', 'ansible_ssh_private_key_file': str(farm.key),
        'opsdeck_server_id': '849f6c4b-4d8a-4e70-a189-409e6ee68c46', 'opsdeck_environment': 'bench-ansible'}
    inv['all']['children']['bench_ansible']['hosts'][n] = None
invj = ws / 'inventory.json'; invj.write_text(json.dumps(inv, indent=2))
ev = ws / 'extra-vars.yml'; ev.write_text('{}\n')
base_env = {k: v for k, v in os.environ.items() if not k.startswith('ANSIBLE_')}
base_env['ANSIBLE_CONFIG'] = str(ROOT / 'ansible' / 'ansible.cfg')
SSH_ARGS = lambda cp: ' '.join([f'-o UserKnownHostsFile={kh}', '-o GlobalKnownHostsFile=/dev/null', '-o StrictHostKeyChecking=yes',
    '-o BatchMode=yes', '-o IdentitiesOnly=yes', '-o PasswordAuthentication=no', '-o ServerAliveInterval=15',
    '-o ControlMaster=auto', '-o ControlPersist=30s', f'-o ControlPath={cp}/%C'])
allow = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'SHELL']

def variant(name, control):
    """returns (argv, env)"""
    parts = set(name.split('+'))
    if 'O' in parts:  # full opsdeck
        parts |= {'cb', 'color', 'unbuf', 'ssh', 'inv', 'minenv', 'ltemp', 'ev'}
    for p in [x for x in parts if x.startswith('-')]:
        parts.discard(p[1:]); parts.discard(p)
    env = dict(base_env)
    if 'minenv' in parts:
        env = {k: os.environ[k] for k in allow if k in os.environ}; env['ANSIBLE_CONFIG'] = base_env['ANSIBLE_CONFIG']
    argv = (['/usr/bin/python3', '-m', 'cProfile', '-o', str(work / f'prof-{name}.prof'), '/usr/bin/ansible-playbook'] if 'prof' in parts else ['ansible-playbook']) + ['-i', str(invj if 'inv' in parts else ini)]
    if 'ev' in parts: argv += ['-e', '@' + str(ev)]
    argv += [f'--forks=10', str(book)]
    if 'cb' in parts or 'cbs' in parts or 'cbe' in parts or 'cb1' in parts:
        env['ANSIBLE_CALLBACK_PLUGINS'] = str(ws / 'callback_plugins')
        env['ANSIBLE_CALLBACKS_ENABLED'] = {'cb': 'opsdeck_stats,opsdeck_events', 'cbs': 'opsdeck_stats',
            'cbe': 'opsdeck_events', 'cb1': 'opsdeck'}[[x for x in ('cb', 'cbs', 'cbe', 'cb1') if x in parts][0]]
        env['OPSDECK_STATS_FILE'] = str(ws / 'stats.json')
    if 'color' in parts: env['ANSIBLE_FORCE_COLOR'] = '1'
    if 'unbuf' in parts: env['PYTHONUNBUFFERED'] = '1'
    if 'ltemp' in parts: env['ANSIBLE_LOCAL_TEMP'] = str(ws / 'tmp')
    if 'ssh' in parts:
        env['ANSIBLE_SSH_ARGS'] = SSH_ARGS(control); env['ANSIBLE_HOST_KEY_CHECKING'] = 'True'; env['ANSIBLE_RETRY_FILES_ENABLED'] = 'False'
    else:
        env['ANSIBLE_SSH_CONTROL_PATH_DIR'] = control
    if 'st' in parts: argv = ['strace', '-f', '--seccomp-bpf', '-e', 'trace=execve', '-e', 'signal=none', '-qq', '-s', '300', '-o', str(work / f'st-{name}.txt')] + argv
    return argv, env

def once(name):
    with tempfile.TemporaryDirectory(prefix='cp', dir='/tmp') as control:
        argv, env = variant(name, control)
        t = time.monotonic()
        with open(work / f'out-{name}.txt', 'wb') as out:
            stdout = subprocess.PIPE if 'pipe' in name else out
            p = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.STDOUT, env=env, cwd=ROOT / 'ansible')
            if stdout == subprocess.PIPE:
                for chunk in iter(lambda: p.stdout.read(8192), b''): out.write(chunk)
            _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t
        # end masters
        for s in Path(control).glob('*'):
            subprocess.run(['ssh', '-O', 'exit', '-o', f'ControlPath={s}', 'x'], capture_output=True)
        if status != 0: print('FAILED', name, status, work, flush=True)
        return ru.ru_utime + ru.ru_stime, wall, ru.ru_utime, ru.ru_stime

print('work', work, flush=True)
variants = sys.argv[2:]; reps = int(sys.argv[1])
res = {v: [] for v in variants}
if not any('st' in v.split('+') for v in variants):
    once(variants[0])  # warm-up: page cache, Ansible's module cache
for r in range(reps):
    for v in (variants if r % 2 == 0 else variants[::-1]):
        cpu, wall, u, s = once(v)
        res[v].append((cpu, wall))
        print(f'{time.strftime("%H:%M:%S")} {v:20s} cpu {cpu:6.2f} (u {u:.2f} s {s:.2f}) wall {wall:6.2f} load {os.getloadavg()[0]:.2f}', flush=True)
for v in variants:
    c = [x[0] for x in res[v]]; w = [x[1] for x in res[v]]
    print(f'{v:20s} cpu median {statistics.median(c):.2f} [{min(c):.2f}-{max(c):.2f}]  wall median {statistics.median(w):.2f} [{min(w):.2f}-{max(w):.2f}]')
b = variants[0]
for v in variants[1:]:
    print(f'{v} / {b}: cpu {statistics.median([x[0] for x in res[v]]) / statistics.median([x[0] for x in res[b]]):.3f}  wall {statistics.median([x[1] for x in res[v]]) / statistics.median([x[1] for x in res[b]]):.3f}')
for h in hosts: h.process.terminate()
