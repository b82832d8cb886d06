# -*- coding: utf-8 -*-
# Opsdeck: prints events a playbook reports as single raw lines on stdout, for the control plane to read.
# A task reports an event by setting the fact `opsdeck_event` to a dict:
#   - ansible.builtin.set_fact:
#       opsdeck_event: {type: step, step: download, event: start}
# and this plugin prints:  OPSDECK-EVENT {"event": "start", "step": "download", "type": "step"}
# A task that reports several events at once sets `opsdeck_events` to a list of such dicts instead: one line per
# event, in the list's order (cheaper than a loop with one item per event).
# The format is documented in docs/design/drills-contract.md. A broken plugin must never break a run.
# At the end of the playbook it also prints, per host, what each tag did (docs/design/provisioning-contract.md):
#   OPSDECK-EVENT {"host": "web-1", "tags": {"security": {"changed": 2, "changedTasks": ["common : Harden sshd"],
#                  "failed": 0, "ok": 7, "skipped": 1}}, "type": "tag-recap"}
# Tasks without tags count under "untagged"; "always" is not a tag of its own.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = '''
    name: opsdeck_events
    type: aggregate
    short_description: prints opsdeck_event facts as OPSDECK-EVENT lines
    description:
      - Prints each opsdeck_event fact a task sets as one JSON line prefixed with OPSDECK-EVENT.
      - At the end of the playbook, prints one tag-recap event per host (ok/changed/failed/skipped per tag).
    requirements:
      - enabled in callbacks_enabled
'''

import json

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'opsdeck_events'
    CALLBACK_NEEDS_ENABLED = True
    CALLBACK_NEEDS_WHITELIST = True

    # most changed task names kept per tag, and most tags per host, so that one line stays small
    MAX_CHANGED_TASKS = 50
    MAX_TAGS = 100

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._recap = {}

    def v2_runner_on_ok(self, result):
        self._print_event(result)
        changed = False
        try:
            changed = bool(self._data(result).get('changed', False))
        except Exception:
            pass
        self._count(result, 'changed' if changed else 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._count(result, 'ok' if ignore_errors else 'failed')

    def v2_runner_on_unreachable(self, result):
        self._count(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._count(result, 'skipped')

    def v2_playbook_on_stats(self, stats):
        try:
            for host in sorted(self._recap):
                event = {'type': 'tag-recap', 'host': host, 'tags': self._recap[host]}
                self._display.display('OPSDECK-EVENT ' + json.dumps(event, sort_keys=True, default=str))
        except Exception as error:  # never break a run
            self._display.warning('opsdeck_events: %s' % error)

    def _count(self, result, outcome):
        try:
            task = getattr(result, '_task', None)
            host = getattr(result, '_host', None)
            if task is None or host is None:
                return
            tags = [str(t) for t in (getattr(task, 'tags', None) or []) if str(t) not in ('always', 'never')]
            if not tags:
                tags = ['untagged']
            per_host = self._recap.setdefault(host.get_name(), {})
            for tag in sorted(set(tags)):
                if tag not in per_host and len(per_host) >= self.MAX_TAGS:
                    continue
                counts = per_host.setdefault(tag, {'ok': 0, 'changed': 0, 'failed': 0, 'skipped': 0,
                                                   'changedTasks': []})
                counts[outcome] += 1
                if outcome == 'changed':
                    name = task.get_name().strip()
                    names = counts['changedTasks']
                    if name not in names and len(names) < self.MAX_CHANGED_TASKS:
                        names.append(name[:200])
        except Exception as error:  # never break a run
            self._display.warning('opsdeck_events: %s' % error)

    @staticmethod
    def _data(result):
        data = getattr(result, '_result', None)
        if data is None:
            data = getattr(result, 'result', {})
        return data or {}

    def v2_runner_item_on_ok(self, result):
        # set_fact in a loop: each item sets the fact once (one event per item, e.g. a check per table); the
        # task's own result then holds only the list of items, so nothing is printed twice
        self._print_event(result)

    def _print_event(self, result):
        try:
            data = self._data(result)
            facts = data.get('ansible_facts') or {}
            event = facts.get('opsdeck_event')
            if isinstance(event, dict):
                self._display.display('OPSDECK-EVENT ' + json.dumps(event, sort_keys=True, default=str))
            # several events from one task result, in order (one line each): a loop item per event costs
            # ansible-playbook a pass of the task executor and a result sent back to the main process
            events = facts.get('opsdeck_events')
            if isinstance(events, list):
                for event in events:
                    if isinstance(event, dict):
                        self._display.display('OPSDECK-EVENT ' + json.dumps(event, sort_keys=True, default=str))
        except Exception as error:  # never break a run
            self._display.warning('opsdeck_events: %s' % error)
