# Opsdeck per-host run summary for ansible-playbook.
#
# Opsdeck copies this file into each run's private temp directory and starts ansible-playbook with
# ANSIBLE_CALLBACK_PLUGINS=<that directory>, ANSIBLE_CALLBACKS_ENABLED=opsdeck_stats and OPSDECK_STATS_FILE=<path>.
# At the end of the play recap it writes, atomically (temp file + rename, not fsynced):
#
#   {"hosts": {"<host>": {"ok": n, "changed": n, "unreachable": n, "failures": n, "skipped": n,
#                         "rescued": n, "ignored": n, "message": "<first failure or unreachable message>" | null}}}
#
# "message" is "<task name>: <msg>" of the first failed (not ignored) or unreachable result of that host, cut to
# 500 characters. It is raw module output: Opsdeck masks secrets in it like in any other output.
# The plugin never raises: a broken summary must not break a run. Works on ansible-core 2.14 and newer.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = '''
    name: opsdeck_stats
    type: aggregate
    short_description: writes a per-host JSON summary of a playbook run for Opsdeck
    description:
      - At the end of a playbook writes per-host ok/changed/unreachable/failures/skipped/rescued/ignored counts and
        the first failure or unreachable message of each host, as JSON, to the file named by OPSDECK_STATS_FILE.
    requirements:
      - enable in configuration (ANSIBLE_CALLBACKS_ENABLED=opsdeck_stats)
'''

import json
import os
import tempfile

from ansible.plugins.callback import CallbackBase

MESSAGE_LIMIT = 500
STATS_KEYS = ('ok', 'changed', 'unreachable', 'failures', 'skipped', 'rescued', 'ignored')


class CallbackModule(CallbackBase):
    """Collects the first failure or unreachable message per host and writes the recap as JSON."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'opsdeck_stats'
    CALLBACK_NEEDS_ENABLED = True
    CALLBACK_NEEDS_WHITELIST = True  # name used before ansible-core 2.11

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._messages = {}

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if ignore_errors:
            return
        self._remember(result)

    def v2_runner_on_unreachable(self, result):
        self._remember(result)

    def v2_playbook_on_stats(self, stats):
        try:
            path = os.environ.get('OPSDECK_STATS_FILE')
            if not path:
                return
            hosts = {}
            for host in sorted(stats.processed.keys()):
                summary = stats.summarize(host)
                entry = dict((key, int(summary.get(key, 0) or 0)) for key in STATS_KEYS)
                entry['message'] = self._messages.get(host)
                hosts[host] = entry
            for host, message in self._messages.items():
                if host not in hosts:
                    entry = dict((key, 0) for key in STATS_KEYS)
                    entry['message'] = message
                    hosts[host] = entry
            _write_atomically(path, {'hosts': hosts})
        except Exception as ex:  # never break the run
            self._warn('opsdeck_stats could not write the run summary: %s' % ex)

    def _remember(self, result):
        try:
            host = _host_name(result)
            if host is None or host in self._messages:
                return
            self._messages[host] = _message(result)
        except Exception as ex:  # never break the run
            self._warn('opsdeck_stats could not read a result: %s' % ex)

    def _warn(self, text):
        try:
            self._display.warning(text)
        except Exception:
            pass


def _host_name(result):
    host = getattr(result, 'host', None)
    if host is None:
        host = getattr(result, '_host', None)
    if host is None:
        return None
    return host.get_name() if hasattr(host, 'get_name') else str(host)


def _result_dict(result):
    for attribute in ('result', '_result'):
        value = getattr(result, attribute, None)
        if isinstance(value, dict):
            return value
    return {}


def _task_name(result):
    task = getattr(result, 'task', None)
    if task is None:
        task = getattr(result, '_task', None)
    try:
        name = task.get_name() if task is not None else ''
    except Exception:
        name = ''
    return str(name or '').strip()


def _text(value):
    if value is None:
        return ''
    if isinstance(value, (list, tuple)):
        return ' '.join(_text(item) for item in value)
    return str(value).strip()


def _detail(data):
    """The most telling text of a failed or unreachable result: msg, else stderr, else stdout."""
    msg = _text(data.get('msg'))
    if not msg or msg == 'One or more items failed':
        for item in data.get('results') or []:
            if isinstance(item, dict) and item.get('failed'):
                inner = _detail(item)
                if inner:
                    return inner
    stderr = _text(data.get('stderr'))
    if msg == 'non-zero return code' and 'rc' in data:
        msg = 'non-zero return code %s' % data.get('rc')
        return '%s: %s' % (msg, stderr) if stderr else msg
    return msg or stderr or _text(data.get('stdout')) or _last_line(data.get('exception'))


def _last_line(text):
    """The error line of a traceback (its last non-empty line), not the stack."""
    lines = [line.strip() for line in _text(text).splitlines() if line.strip()]
    return lines[-1] if lines else ''


def _message(result):
    data = _result_dict(result)
    detail = _detail(data) or ('unreachable' if data.get('unreachable') else 'failed')
    task = _task_name(result)
    text = '%s: %s' % (task, _tidy(detail)) if task else _tidy(detail)
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT - 3] + '...'


def _tidy(text):
    """CRLF to LF, without the '@@@@' banner lines OpenSSH puts around a changed host key warning."""
    lines = text.replace('\r\n', '\n').replace('\r', '\n').split('\n')
    lines = [line.strip().strip('@').strip() for line in lines]
    return '\n'.join(line for line in lines if line)


def _write_atomically(path, document):
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix='.opsdeck-stats-', suffix='.json', dir=directory)
    try:
        with os.fdopen(fd, 'w') as handle:
            json.dump(document, handle, indent=2, sort_keys=True)
            handle.write('\n')
        # no fsync: Opsdeck reads the file once, on this machine, after ansible-playbook has exited, and deletes it
        # with the run's workspace, so it never needs to survive a crash; an fsync only made the end of every run
        # wait for the disk (17 ms median, 270 ms at worst on the shared benchmark machine, docs/benchmarks.md)
        os.replace(temporary, path)
    except Exception:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
