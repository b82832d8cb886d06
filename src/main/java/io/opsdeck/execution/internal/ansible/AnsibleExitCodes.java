package io.opsdeck.execution.internal.ansible;

/**
 * What {@code ansible-playbook}'s exit codes mean, as measured with ansible-core 2.14: 0 success, 1 error (missing
 * playbook, a limit that matches no host), 2 a host failed, 4 a host was unreachable <em>or</em> the playbook did not
 * parse (the recap tells which), 5 bad options, 8 a play was aborted, 99 interrupted, 250 an unexpected error,
 * 128+N killed by signal N. Code 3 is not used by ansible-core.
 */
final class AnsibleExitCodes {

	private AnsibleExitCodes() {
	}

	/**
	 * @param exit the process exit code
	 * @param unreachableHosts hosts the recap reports unreachable
	 * @param failedHosts hosts the recap reports failed
	 * @return a one-line explanation
	 */
	static String describe(int exit, long unreachableHosts, long failedHosts) {
		String meaning = switch (exit) {
			case 0 -> "success";
			case 1 -> "ansible-playbook reported an error";
			case 2 -> "one or more hosts failed";
			case 4 -> (unreachableHosts > 0) ? unreachableHosts + " host(s) unreachable"
					+ ((failedHosts > 0) ? ", " + failedHosts + " failed" : "")
					: "the playbook could not be parsed, or hosts were unreachable";
			case 5 -> "invalid options or playbook";
			case 8 -> "a play was aborted because every host failed";
			case 99 -> "ansible-playbook was interrupted";
			case 250 -> "ansible-playbook hit an unexpected error";
			default -> (exit > 128) ? "ansible-playbook was killed by signal " + (exit - 128)
					: "ansible-playbook exited with an error";
		};
		return "ansible-playbook exited with " + exit + ": " + meaning;
	}

}
