#!/usr/bin/python3
# -*- coding: utf-8 -*-
# Opsdeck: the apt side of security-updates.yml (docs/design/schedules-contract.md), written once: parsing
# `apt-get -s dist-upgrade`, classifying pending upgrades by origin, picking the packages a mode upgrades, waiting
# for the dpkg lock, repairing an interrupted dpkg, upgrading and diffing dpkg-query, and detecting a needed reboot.
#
# The parse and selection functions at the top are pure (text in, data out) so tests can call them directly:
#   python3 opsdeck_apt_plan.py --parse-simulation < apt-get-s-output.txt      prints the parsed upgrades as JSON
# Everything else runs on the managed host as an Ansible module with one `action`:
#   repair   dpkg --configure -a when `dpkg --audit` complains or /var/lib/dpkg/updates holds a journal
#   plan     apt-get update (optional), apt-get -s dist-upgrade, classification, the targets of `mode`
#   upgrade  waits for the lock, upgrades the targets (or dist-upgrade), returns what went from which version to which
#   status   reboot required: /var/run/reboot-required(.pkgs) and the running against the newest installed kernel
# A failure carries `reason` (lock-timeout, dpkg-repair-failed, no-matching-packages, upgrade-failed) for the
# patch-error event. Needs python3, apt, dpkg on the host; no network but the configured apt sources.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: opsdeck_apt_plan
short_description: plans, applies and reports apt upgrades for Opsdeck's security-updates playbook
description:
  - See the comment at the top of the file and roles/opsdeck_patch/tasks/main.yml.
options:
  action: {type: str, required: true, choices: [repair, plan, upgrade, status]}
  mode: {type: str, choices: [security, full, critical]}
  packages: {type: list, elements: str, default: []}
  cves: {type: list, elements: str, default: []}
  targets: {type: list, elements: str, default: []}
  lock_timeout: {type: int, default: 600}
  update_cache: {type: bool, default: true}
  require_match: {type: bool, default: true}
'''

import gzip
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import datetime, timezone
from functools import cmp_to_key

# ---------------------------------------------------------------------------------------------------------------
# Pure functions
# ---------------------------------------------------------------------------------------------------------------

# Inst <name>[:<arch>] [<installed version>] (<candidate version> <origins> [<arch>]) [...]
# origins: "Label:Version/Archive" joined by ", " (apt's VerIterator::RelStr), e.g.
#   Inst libgcrypt20 [1.10.1-3] (1.10.1-3+deb12u1 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [amd64]) []
#   Inst linux-image-6.1.0-31-amd64 (6.1.0-31 Debian-Security:12/stable-security [amd64])      (newly installed)
_INST = re.compile(r'^Inst (?P<name>\S+)(?: \[(?P<current>[^\]]+)\])? \((?P<candidate>\S+)(?: (?P<origins>.*?))?'
                   r' \[(?P<arch>[^\]]+)\]\)')

CVE_PATTERN = re.compile(r'^CVE-[0-9]{4}-[0-9]{4,}$')


def parse_simulation(text):
    """Parses `apt-get -s dist-upgrade` output (LC_ALL=C) into upgrades, in apt's order.

    Returns a list of dicts: name (with :arch for a foreign architecture, as apt prints it), from (installed version, None for a new package), to (candidate version),
    origin (apt's origin text, several joined by ", "), arch, security (bool: any origin is a security pocket).
    `Conf` and `Remv` lines are ignored; a package appears once even if apt names it twice.
    """
    upgrades = []
    seen = set()
    for line in text.splitlines():
        match = _INST.match(line.strip())
        if not match:
            continue
        name = match.group('name')  # apt qualifies only foreign-architecture packages (libc6:i386)
        arch = match.group('arch')
        if name in seen:
            continue
        seen.add(name)
        origins = (match.group('origins') or '').strip()
        upgrades.append({
            'name': name,
            'from': match.group('current'),
            'to': match.group('candidate'),
            'origin': origins,
            'arch': arch,
            'security': is_security_origin(origins),
        })
    return upgrades


def is_security_origin(origins):
    """True when one of apt's origins ("Label:Version/Archive, ...") is a security pocket: its archive (suite)
    ends in -security (Debian bookworm-security / stable-security, Ubuntu jammy-security, ESM *-security) or its
    label is Debian-Security (or names Ubuntu security)."""
    for origin in (o.strip() for o in origins.split(',')):
        if not origin:
            continue
        label, _, rest = origin.rpartition(':') if ':' in origin else ('', '', origin)
        archive = rest.rpartition('/')[2] if '/' in rest else rest
        if archive.endswith('-security') or label.lower() in ('debian-security', 'ubuntu-security', 'ubuntu security'):
            return True
    return False


def classify(upgrades):
    """Splits parsed upgrades into (security, other) lists of {name, from, to, origin}."""
    def entry(u):
        return {'name': u['name'], 'from': u['from'], 'to': u['to'], 'origin': u['origin']}
    return ([entry(u) for u in upgrades if u['security']], [entry(u) for u in upgrades if not u['security']])


def select_targets(mode, upgrades, packages=(), cve_matches=None):
    """The package names a mode upgrades, and the requested names that matched nothing.

    security: pending upgrades of installed packages from a security pocket; full: every pending upgrade (apt
    dist-upgrade decides, new packages included); critical: the pending upgrades named in `packages` plus those
    whose candidate's changelog mentions a requested CVE (`cve_matches`: {cve: [names]}).
    Returns (targets, unmatched) where unmatched lists requested packages and CVEs with no pending upgrade.
    """
    installed_upgrades = [u for u in upgrades if u['from'] is not None]
    if mode == 'full':
        return [u['name'] for u in upgrades], []
    if mode == 'security':
        return [u['name'] for u in installed_upgrades if u['security']], []
    if mode != 'critical':
        raise ValueError('unknown mode %r' % (mode,))
    pending = set(u['name'] for u in installed_upgrades)
    chosen = set()
    unmatched = []
    for name in packages:
        if name in pending:
            chosen.add(name)
        else:
            unmatched.append(name)
    for cve, names in sorted((cve_matches or {}).items()):
        hits = [n for n in names if n in pending]
        if hits:
            chosen.update(hits)
        else:
            unmatched.append(cve)
    return [u['name'] for u in installed_upgrades if u['name'] in chosen], unmatched


_CHANGELOG_HEADER = re.compile(r'^(?P<source>[a-z0-9][a-z0-9+.-]*) \((?P<version>[^)\s]+)\)')


def changelog_cves(text, cves, newer_than=None, compare=None):
    """The requested CVE ids (upper case) that a Debian changelog mentions in entries newer than `newer_than`.

    `compare(a, b)` orders two Debian versions like dpkg --compare-versions (negative, 0, positive); with no
    `newer_than` (or no compare) every entry counts. Entries start at lines like "openssl (3.0.16-1~deb12u1) ...".
    """
    wanted = set(c.upper() for c in cves)
    found = set()
    counting = True
    for line in text.splitlines():
        header = _CHANGELOG_HEADER.match(line)
        if header:
            version = header.group('version')
            counting = not newer_than or compare is None or compare(version, newer_than) > 0
            continue
        if counting:
            for cve in re.findall(r'CVE-[0-9]{4}-[0-9]{4,}', line, re.IGNORECASE):
                if cve.upper() in wanted:
                    found.add(cve.upper())
    return sorted(found)


def diff_installed(before, after):
    """Packages whose installed version changed between two {name: version} snapshots:
    (upgraded [{name, from, to}] sorted by name, removed [{name, from}]). A new package has from None."""
    upgraded = [{'name': n, 'from': before.get(n), 'to': v} for n, v in sorted(after.items()) if before.get(n) != v]
    removed = [{'name': n, 'from': v} for n, v in sorted(before.items()) if n not in after]
    return upgraded, removed


def parse_dpkg_query(text, native_arch):
    """{name: version} of installed packages from `dpkg-query -W -f '${Package}\\t${Architecture}\\t
    ${Version}\\t${db:Status-Status}\\n'`; a foreign-architecture package is keyed name:arch like apt names it."""
    installed = {}
    for line in text.splitlines():
        fields = line.split('\t')
        if len(fields) != 4 or fields[3] != 'installed':
            continue
        name, arch, version = fields[0], fields[1], fields[2]
        if arch not in (native_arch, 'all', ''):
            name = name + ':' + arch
        installed[name] = version
    return installed


def kernel_version_of(vmlinuz_name):
    """'vmlinuz-6.1.0-31-amd64' -> '6.1.0-31-amd64'; None for anything else (vmlinuz.old, symlinks' names)."""
    match = re.match(r'^vmlinuz-(.+)$', vmlinuz_name)
    return match.group(1) if match else None


def lock_holder(output):
    """The lock path and holder apt names in its output, e.g. ('/var/lib/dpkg/lock-frontend', '1234 (apt-get)')."""
    match = re.search(r'Could not get lock (\S+?)\.? (?:It is held by process ([^\n.]*))?', output)
    if match:
        return match.group(1), (match.group(2) or '').strip() or None
    match = re.search(r'Unable to acquire the dpkg frontend lock \(([^)]+)\)', output)
    if match:
        return match.group(1), None
    return None


# ---------------------------------------------------------------------------------------------------------------
# Host side
# ---------------------------------------------------------------------------------------------------------------

FRONTEND_LOCK = '/var/lib/dpkg/lock-frontend'
LISTS_LOCK = '/var/lib/apt/lists/lock'
REBOOT_REQUIRED = '/var/run/reboot-required'


class Failure(Exception):
    def __init__(self, reason, message, **extra):
        Exception.__init__(self, message)
        self.reason = reason
        self.extra = extra


def _env():
    env = dict(os.environ)
    env.update({'LC_ALL': 'C', 'LANG': 'C', 'DEBIAN_FRONTEND': 'noninteractive', 'APT_LISTCHANGES_FRONTEND': 'none',
                'NEEDRESTART_MODE': 'l', 'PATH': env.get('PATH', '') + ':/usr/local/sbin:/usr/sbin:/sbin'})
    return env


def _run(argv, env=None, cwd=None):
    process = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or _env(), cwd=cwd)
    return process.returncode, process.stdout.decode('utf-8', 'replace'), process.stderr.decode('utf-8', 'replace')


def compare_versions(a, b):
    """dpkg --compare-versions as a comparator."""
    if a == b:
        return 0
    if subprocess.call(['dpkg', '--compare-versions', a, 'lt', b]) == 0:
        return -1
    return 1 if subprocess.call(['dpkg', '--compare-versions', a, 'gt', b]) == 0 else 0


def _try_lock(path):
    """Opens and fcntl-locks `path` (apt and dpkg use fcntl locks, not flock) without waiting; the fd or None."""
    import fcntl
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o640)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return fd
    except OSError:
        os.close(fd)
        return None


def wait_for_lock(path, timeout, hold=False):
    """Waits up to `timeout` seconds until nobody holds `path`. Returns (seconds waited, fd when hold else None).
    Raises Failure(lock-timeout) naming the lock, the timeout and the holder when it stays locked."""
    started = time.monotonic()
    while True:
        fd = _try_lock(path)
        if fd is not None:
            waited = round(time.monotonic() - started, 1)
            if hold:
                return waited, fd
            os.close(fd)
            return waited, None
        if time.monotonic() - started >= timeout:
            raise Failure('lock-timeout', 'could not get the lock %s within %d s (patch_lock_timeout_seconds); it is '
                          'held by %s' % (path, timeout, _holder_of(path)), lockWaitSeconds=int(timeout))
        time.sleep(0.5)


def _holder_of(path):
    """'process 1234 (unattended-upgr)' from /proc/locks, or 'another process' when /proc is not readable."""
    try:
        inode = os.stat(path).st_ino
        with open('/proc/locks') as locks:
            for line in locks:
                fields = line.split()
                # 1: POSIX  ADVISORY  WRITE 1234 08:01:5678 0 EOF
                if len(fields) >= 6 and fields[5].split(':')[-1] == str(inode):
                    pid = fields[4]
                    try:
                        with open('/proc/%s/comm' % pid) as comm:
                            return 'process %s (%s)' % (pid, comm.read().strip())
                    except OSError:
                        return 'process %s' % pid
    except OSError:
        pass
    return 'another process'


def installed_packages():
    rc, arch, _ = _run(['dpkg', '--print-architecture'])
    rc, out, err = _run(['dpkg-query', '-W', '-f', '${Package}\t${Architecture}\t${Version}\t${db:Status-Status}\n'])
    if rc != 0:
        raise Failure('upgrade-failed', 'dpkg-query failed: %s' % err.strip()[-500:])
    return parse_dpkg_query(out, arch.strip())


def repair_needed():
    rc, out, err = _run(['dpkg', '--audit'])
    journal = [f for f in os.listdir('/var/lib/dpkg/updates')] if os.path.isdir('/var/lib/dpkg/updates') else []
    return bool(out.strip()) or rc != 0 or bool(journal), (out.strip() or err.strip())[:1000]


def action_repair(module, lock_timeout):
    needed, audit = repair_needed()
    if not needed:
        return {'changed': False, 'repaired': False, 'repair_needed': False, 'lock_wait_seconds': 0}
    if module.check_mode:
        return {'changed': False, 'repaired': False, 'repair_needed': True, 'audit': audit, 'lock_wait_seconds': 0}
    waited, fd = wait_for_lock(FRONTEND_LOCK, lock_timeout, hold=True)
    try:
        env = _env()
        env['DPKG_FRONTEND_LOCKED'] = '1'  # we hold the frontend lock, as apt does when it calls dpkg
        rc, out, err = _run(['dpkg', '--force-confold', '--force-confdef', '--configure', '-a'], env=env)
    finally:
        os.close(fd)
    still, audit_after = repair_needed()
    if rc != 0 or still:
        raise Failure('dpkg-repair-failed', 'dpkg --configure -a did not repair the interrupted dpkg (exit %d): %s'
                      % (rc, (err.strip() or audit_after)[-1500:]), lockWaitSeconds=int(waited))
    return {'changed': True, 'repaired': True, 'repair_needed': True, 'audit': audit, 'lock_wait_seconds': waited}


def simulate():
    rc, out, err = _run(['apt-get', '-s', '-q', '-o', 'Debug::NoLocking=true', 'dist-upgrade'])
    if rc != 0:
        raise Failure('upgrade-failed', 'apt-get -s dist-upgrade failed: %s' % err.strip()[-1500:])
    return parse_simulation(out)


def cve_matches(upgrades, cves):
    """{cve: [package names]}: pending upgrades whose candidate .deb (downloaded from the apt sources into a
    temporary directory with `apt-get download`, read with dpkg-deb) has a changelog entry newer than the
    installed version that names the CVE. A package without its own changelog (doc directory shared with another
    package of the same source) matches when a package of the same source and version does."""
    matches = dict((c.upper(), []) for c in cves)
    candidates = [u for u in upgrades if u['from'] is not None]
    if not cves or not candidates:
        return matches
    directory = tempfile.mkdtemp(prefix='opsdeck-patch-')
    try:
        try:
            import pwd
            apt_user = pwd.getpwnam('_apt')
            os.chown(directory, apt_user.pw_uid, apt_user.pw_gid)
        except (KeyError, OSError):
            pass
        specs = ['%s=%s' % (u['name'], u['to']) for u in candidates]
        rc, out, err = _run(['apt-get', '-q', 'download'] + specs, cwd=directory)
        if rc != 0:
            raise Failure('upgrade-failed', 'apt-get download of the candidates failed: %s' % err.strip()[-1500:])
        found_by_source = {}
        found_by_name = {}
        source_of = {}
        by_name = dict((u['name'].split(':')[0], u) for u in candidates)
        for deb in sorted(os.listdir(directory)):
            if not deb.endswith('.deb'):
                continue
            path = os.path.join(directory, deb)
            rc, fields, _ = _run(['dpkg-deb', '-f', path, 'Package', 'Version', 'Source'])
            info = dict(re.findall(r'(?m)^(\w+): (.*)$', fields))
            name = info.get('Package', '')
            upgrade = by_name.get(name)
            if upgrade is None:
                continue
            source = (info.get('Source') or name).split(' ')[0]
            source_of[name] = (source, upgrade['to'])
            found = changelog_cves(read_changelog(path), cves, upgrade['from'], compare_versions)
            found_by_name[name] = set(found)
            found_by_source.setdefault((source, upgrade['to']), set()).update(found)
        for u in candidates:
            plain = u['name'].split(':')[0]
            found = found_by_name.get(plain, set()) | found_by_source.get(source_of.get(plain), set())
            for cve in found:
                matches[cve].append(u['name'])
        return matches
    finally:
        for name in os.listdir(directory):
            try:
                os.remove(os.path.join(directory, name))
            except OSError:
                pass
        os.rmdir(directory)


def read_changelog(deb):
    """The Debian changelog text inside a .deb (usr/share/doc/<pkg>/changelog.Debian[.gz] or changelog[.gz])."""
    process = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', deb], stdout=subprocess.PIPE)
    text = ''
    try:
        with tarfile.open(fileobj=process.stdout, mode='r|') as archive:
            best = None
            for member in archive:
                name = member.name.lstrip('./')
                if not member.isfile() or not re.match(r'^usr/share/doc/[^/]+/changelog(\.Debian)?(\.gz)?$', name):
                    continue
                data = archive.extractfile(member).read()
                if name.endswith('.gz'):
                    data = gzip.GzipFile(fileobj=io.BytesIO(data)).read()
                content = data.decode('utf-8', 'replace')
                if best is None or '.Debian' in name:
                    best = content
            text = best or ''
    finally:
        process.stdout.close()
        process.wait()
    return text


def action_plan(module, mode, packages, cves, update_cache, require_match, lock_timeout):
    waited = 0
    if update_cache:
        waited, _ = wait_for_lock(LISTS_LOCK, lock_timeout)
        rc, out, err = _run(['apt-get', '-q', '-o', 'DPkg::Lock::Timeout=%d' % lock_timeout, 'update'])
        if rc != 0 or re.search(r'(?m)^(E:|W: Failed to fetch)', err):
            if lock_holder(err + out):
                raise Failure('lock-timeout', 'apt-get update could not get the lock within %d s: %s'
                              % (lock_timeout, err.strip()[-500:]))
            raise Failure('upgrade-failed', 'apt-get update failed: %s' % err.strip()[-1500:])
    upgrades = simulate()
    security, other = classify(upgrades)
    matches = cve_matches(upgrades, cves) if mode == 'critical' and cves else {}
    targets, unmatched = select_targets(mode, upgrades, packages, matches)
    if mode == 'critical' and require_match and not targets:
        raise Failure('no-matching-packages', 'no pending upgrade matches the critical request (packages: %s; CVEs: '
                      '%s)' % (', '.join(packages) or 'none', ', '.join(cves) or 'none'),
                      pendingSecurity=security, pendingOther=other)
    return {'changed': False, 'pending_security': security, 'pending_other': other, 'targets': targets,
            'unmatched': unmatched, 'cve_matches': matches, 'lock_wait_seconds': waited}


def action_upgrade(module, mode, targets, lock_timeout):
    before = installed_packages()
    if not targets or module.check_mode:
        return {'changed': False, 'upgraded': [], 'removed': [], 'lock_wait_seconds': 0}
    waited, _ = wait_for_lock(FRONTEND_LOCK, lock_timeout)
    remaining = max(int(lock_timeout - waited), 1)
    argv = ['apt-get', '-y', '-q', '-o', 'DPkg::Lock::Timeout=%d' % remaining,
            '-o', 'Dpkg::Options::=--force-confold', '-o', 'Dpkg::Options::=--force-confdef']
    auto = set()
    if mode == 'full':
        argv.append('dist-upgrade')
    else:
        # install marks named packages manual: remember which were automatic and mark them back afterwards
        rc, out, _ = _run(['apt-mark', 'showauto'])
        auto = set(out.split()) & set(t.split(':')[0] for t in targets)
        argv += ['install', '--only-upgrade'] + list(targets)
    rc, out, err = _run(argv)
    if auto:
        _run(['apt-mark', 'auto'] + sorted(auto))
    after = installed_packages()
    upgraded, removed = diff_installed(before, after)
    if rc != 0:
        lock = lock_holder(err + out)
        if lock:
            raise Failure('lock-timeout', 'could not get the lock %s within %d s (patch_lock_timeout_seconds); it is '
                          'held by %s' % (lock[0], lock_timeout, lock[1] and 'process ' + lock[1] or 'another process'),
                          lockWaitSeconds=int(lock_timeout), upgraded=upgraded)
        raise Failure('upgrade-failed', 'apt-get %s failed (exit %d): %s' % (argv[9], rc,
                      (err.strip() or out.strip())[-1500:]), upgraded=upgraded, lockWaitSeconds=int(waited))
    return {'changed': bool(upgraded or removed), 'upgraded': upgraded, 'removed': removed,
            'lock_wait_seconds': waited}


def action_status(module):
    since = None
    packages = []
    if os.path.exists(REBOOT_REQUIRED):
        since = datetime.fromtimestamp(os.stat(REBOOT_REQUIRED).st_mtime, timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
        try:
            with open(REBOOT_REQUIRED + '.pkgs') as pkgs:
                for line in pkgs:
                    if line.strip() and line.strip() not in packages:
                        packages.append(line.strip())
        except OSError:
            pass
    running = os.uname()[2]
    kernels = [k for k in (kernel_version_of(f) for f in (os.listdir('/boot') if os.path.isdir('/boot') else []))
               if k and os.path.isfile(os.path.join('/boot', 'vmlinuz-' + k))]
    newest = sorted(kernels, key=cmp_to_key(compare_versions))[-1] if kernels else None
    # newer, not merely different: a host running a kernel that is not in /boot (a container, a VM booted by its
    # hypervisor) would otherwise ask for a reboot that never helps
    kernel_reboot = newest is not None and compare_versions(newest, running) > 0
    return {'changed': False, 'reboot_required': since is not None or kernel_reboot, 'reboot_required_since': since,
            'reboot_required_packages': packages, 'running_kernel': running, 'newest_kernel': newest,
            'kernel_reboot': kernel_reboot}


def main():
    from ansible.module_utils.basic import AnsibleModule
    module = AnsibleModule(argument_spec=dict(
        action=dict(type='str', required=True, choices=['repair', 'plan', 'upgrade', 'status']),
        mode=dict(type='str', choices=['security', 'full', 'critical']),
        packages=dict(type='list', elements='str', default=[]),
        cves=dict(type='list', elements='str', default=[]),
        targets=dict(type='list', elements='str', default=[]),
        lock_timeout=dict(type='int', default=600),
        update_cache=dict(type='bool', default=True),
        require_match=dict(type='bool', default=True),
    ), supports_check_mode=True)
    p = module.params
    try:
        bad = [c for c in p['cves'] if not CVE_PATTERN.match(c.upper())]
        if bad:
            raise Failure('no-matching-packages', 'not CVE ids: %s' % ', '.join(bad))
        if p['action'] == 'repair':
            result = action_repair(module, p['lock_timeout'])
        elif p['action'] == 'plan':
            result = action_plan(module, p['mode'], p['packages'], p['cves'], p['update_cache'], p['require_match'],
                                 p['lock_timeout'])
        elif p['action'] == 'upgrade':
            result = action_upgrade(module, p['mode'], p['targets'], p['lock_timeout'])
        else:
            result = action_status(module)
    except Failure as failure:
        module.fail_json(msg=str(failure), reason=failure.reason, **failure.extra)
    module.exit_json(**result)


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--parse-simulation':
        json.dump(parse_simulation(sys.stdin.read()), sys.stdout, indent=1)
        sys.stdout.write('\n')
    else:
        main()
