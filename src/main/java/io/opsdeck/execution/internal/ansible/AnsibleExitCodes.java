package io.opsdeck.execution.internal.ansible;

/**
 * What {@code ansible-playbook}'s exit codes mean (ansible-core's {@code TaskQueueManager} and CLI).
 */
final class AnsibleExitCodes {

	private AnsibleExitCodes() {
	}

	/** @return a one-line explanation of an exit code */
	static String describe(int exit) {
		String meaning = switch (exit) {
			case 0 -> "success";
			case 1 -> "ansible-playbook reported an error";
			case 2 -> "one or more hosts failed";
			case 3 -> "one or more hosts were unreachable";
			case 4 -> "one or more hosts were unreachable";
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
