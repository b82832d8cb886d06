package io.opsdeck.execution.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stops a process and everything it started: SIGTERM to the whole tree, SIGKILL to whatever is left after the
 * grace period. The tree is captured before the first signal, because children whose parent died are re-parented
 * and can no longer be found from it.
 */
public final class ProcessTree {

	private ProcessTree() {
	}

	/**
	 * Sends SIGTERM to the process and its descendants and schedules SIGKILL after the control's grace period.
	 * @param process the root process
	 * @param control the run's stop switch, used for the delayed kill
	 */
	public static void terminate(Process process, ExecutionControl control) {
		List<ProcessHandle> tree = snapshot(process.toHandle());
		tree.forEach(ProcessHandle::destroy);
		control.afterGrace(() -> kill(tree));
	}

	/** Sends SIGKILL to every process of a tree captured earlier that is still alive, and to their descendants. */
	static void kill(List<ProcessHandle> tree) {
		List<ProcessHandle> all = new ArrayList<>();
		for (ProcessHandle handle : tree) {
			if (handle.isAlive()) {
				all.addAll(snapshot(handle));
			}
		}
		all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	private static List<ProcessHandle> snapshot(ProcessHandle root) {
		return Stream.concat(root.descendants(), Stream.of(root)).toList();
	}

}
