# -*- coding: utf-8 -*-
# Opsdeck: the loop items of one of the drill's events tasks. Such a task reports a step's events (checks, metrics,
# the step's end, the next step's start) and, when the step failed, fails on its last item ({fail_msg: ...}, read by
# step_failed.yml). One loop item per event cost ansible-playbook a pass of the task executor, a result sent back to
# the main process and the callbacks per event: ~0.02-0.08 s each on a quiet 2-core machine, ~0.1-0.2 s under load,
# and a full drill reports ~30 events in four such tasks (docs/benchmarks.md, "8. DR drill, fifteenth round"). This
# filter puts all the events into one item, {events: [...]} (the task sets `opsdeck_events` to that list, which the
# opsdeck_events callback prints one line per event, in order), followed by the failure items unchanged:
#
#   [e1, e2, {fail_msg: m}] | opsdeck_event_items  ->  [{events: [e1, e2]}, {fail_msg: m}]
#   []                      | opsdeck_event_items  ->  []
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from jinja2.runtime import Undefined


def opsdeck_event_items(items):
    """Splits a list of events and failure items ({fail_msg: ...}) into one item holding the events, then the
    failure items; raises AnsibleFilterError when the input is not a list. An undefined input is passed on as it is,
    so that using the result fails as any undefined variable does (and ansible-lint, which renders the role's
    templates with undefined variables, sees no error in the filter itself)."""
    if isinstance(items, Undefined):
        return items
    if not isinstance(items, list):
        raise AnsibleFilterError('opsdeck_event_items expects a list, got %s' % type(items).__name__)
    events = [item for item in items if not (isinstance(item, dict) and 'fail_msg' in item)]
    failures = [item for item in items if isinstance(item, dict) and 'fail_msg' in item]
    return ([{'events': events}] if events else []) + failures


class FilterModule(object):
    def filters(self):
        return {'opsdeck_event_items': opsdeck_event_items}
