# -*- coding: utf-8 -*-
# Opsdeck: runs one of the drill's bash scripts on the server without a module (docs/benchmarks.md, "8. DR drill,
# seventh round"). The shell module starts Python on the server for every task (unpacking the module, importing
# Ansible's module_utils) just to start bash: ~0.2-0.3 s of CPU per task, and the drill runs four such tasks on its
# critical path. This plugin sends the script itself on the SSH session's standard input to `/bin/bash -s`, the way
# pipelining sends a module, so nothing but `/bin/bash -s` is on a command line (the presigned URLs inside the
# script stay off every command line, as with the shell module's `stdin`):
#
#   { <cmd>
#   } <<'OPSDECK_STDIN_<random>'
#   <stdin>
#   OPSDECK_STDIN_<random>
#
# so the script's own standard input is `stdin` (or /dev/null without it), as the shell module gave it. Become
# (become_user) works as for a pipelined module. The result has what the drill reads from a shell task: rc, stdout,
# stderr (without their trailing newlines), stdout_lines, stderr_lines; a non-zero rc fails the task unless the task
# says otherwise (failed_when), like the shell module.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import secrets

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(('cmd', 'stdin'))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        cmd = self._task.args.get('cmd')
        if not isinstance(cmd, str) or not cmd.strip():
            raise AnsibleActionFail('cmd must be a non-empty script')
        stdin = self._task.args.get('stdin')
        if self._play_context.check_mode:
            result.update(skipped=True, msg='not run in check mode')
            return result
        if stdin is None:
            script = '{\n%s\n} < /dev/null\n' % cmd
        else:
            stdin = to_text(stdin)
            marker = 'OPSDECK_STDIN_' + secrets.token_hex(16)
            script = "{\n%s\n} <<'%s'\n%s\n%s\n" % (cmd, marker, stdin, marker)
        res = self._low_level_execute_command('/bin/bash -s', in_data=to_bytes(script, errors='surrogate_or_strict'), sudoable=True)
        stdout = res.get('stdout', '').rstrip('\r\n')
        stderr = res.get('stderr', '').rstrip('\r\n')
        result.update(rc=res.get('rc'), stdout=stdout, stderr=stderr, stdout_lines=stdout.splitlines(),
                      stderr_lines=stderr.splitlines(), changed=True)
        if res.get('rc') != 0:
            result.update(failed=True, msg='non-zero return code')
        return result
