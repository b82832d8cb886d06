# -*- coding: utf-8 -*-
# Opsdeck: prints events a playbook reports as single raw lines on stdout, for the control plane to read.
# A task reports an event by setting the fact `opsdeck_event` to a dict:
#   - ansible.builtin.set_fact:
#       opsdeck_event: {type: step, step: download, event: start}
# and this plugin prints:  OPSDECK-EVENT {"event": "start", "step": "download", "type": "step"}
# The format is documented in docs/design/drills-contract.md. A broken plugin must never break a run.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = '''
    name: opsdeck_events
    type: aggregate
    short_description: prints opsdeck_event facts as OPSDECK-EVENT lines
    description:
      - Prints each opsdeck_event fact a task sets as one JSON line prefixed with OPSDECK-EVENT.
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

    def v2_runner_on_ok(self, result):
        self._print_event(result)

    def v2_runner_item_on_ok(self, result):
        # set_fact in a loop: each item sets the fact once (one event per item, e.g. a check per table); the
        # task's own result then holds only the list of items, so nothing is printed twice
        self._print_event(result)

    def _print_event(self, result):
        try:
            data = getattr(result, '_result', None)
            if data is None:
                data = getattr(result, 'result', {})
            facts = data.get('ansible_facts') or {}
            event = facts.get('opsdeck_event')
            if isinstance(event, dict):
                self._display.display('OPSDECK-EVENT ' + json.dumps(event, sort_keys=True, default=str))
        except Exception as error:  # never break a run
            self._display.warning('opsdeck_events: %s' % error)
