#!/usr/bin/python3
# -*- coding: utf-8 -*-
# Opsdeck: the documentation of the drill's script action (the work is done by
# ../action_plugins/opsdeck_drill_script.py on the controller; this file only describes its arguments for Ansible
# and ansible-lint, and fails if it is ever run as a module).
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: opsdeck_drill_script
short_description: runs a bash script on the server with no Python there, its standard input given
description:
  - Sends the script on the SSH session's standard input to C(/bin/bash -s) (no module, no Python on the server).
  - The script's standard input is I(stdin), or /dev/null. Returns rc, stdout and stderr like the shell module.
options:
  cmd: {type: str, required: true, description: the bash script}
  stdin: {type: str, description: the script's standard input (a newline is added)}
'''

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec={'cmd': {'type': 'str', 'required': True}, 'stdin': {'type': 'str'}})
    module.fail_json(msg='opsdeck_drill_script runs through its action plugin (roles/opsdeck_drill/action_plugins)')


if __name__ == '__main__':
    main()
