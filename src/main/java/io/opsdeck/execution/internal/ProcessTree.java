package io.opsdeck.execution.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Starting and stopping the processes of a run so that nothing they started outlives them. Processes start in
 * their own session ({@code setsid}, where it exists), so that everything they start, even children that detached
 * from their parent ({@code (sleep 60 &)}), can still be found: by the session id in {@code /proc}. Stopping sends
 * SIGTERM to the whole session and to every descendant, then SIGKILL to whatever is left after the grace period.
 * <p>
 * A process that daemonizes (a session of its own, re-parented to init) escapes both. The one such process a run
 * starts, the SSH control master of an Ansible run ({@code ControlPersist}), is ended with the run's workspace
 * ({@code ansible.ControlMasters}).
 */
public final class ProcessTree {

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private ProcessTree() {
	}

	/**
	 * @param command the program and its arguments
	 * @return the same command started in a new session, when {@code setsid} is available
	 */
	public static List<String> inNewSession(List<String> command) {
		if (!Files.isExecutable(SETSID)) {
			return command;
		}
		List<String> wrapped = new ArrayList<>(command.size() + 1);
		wrapped.add(SETSID.toString());
		wrapped.add("--wait");
		wrapped.addAll(command);
		return wrapped;
	}

	/**
	 * Sends SIGTERM to the process, its descendants and its session, and schedules SIGKILL after the control's grace
	 * period.
	 * @param process the root process (started through {@link #inNewSession})
	 * @param control the run's stop switch, used for the delayed kill
	 */
	public static void terminate(Process process, ExecutionControl control) {
		long session = process.pid();
		snapshot(process.toHandle(), session).forEach(ProcessHandle::destroy);
		control.afterGrace(() -> kill(process.toHandle(), session));
	}

	/** Sends SIGKILL to what is left of a process tree and its session. */
	static void kill(ProcessHandle root, long session) {
		snapshot(root, session).stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	private static List<ProcessHandle> snapshot(ProcessHandle root, long session) {
		Set<ProcessHandle> all = new LinkedHashSet<>();
		root.descendants().forEach(all::add);
		all.addAll(sessionMembers(session));
		if (root.isAlive()) {
			all.add(root);
		}
		return new ArrayList<>(all);
	}

	/**
	 * @return live processes whose session id is {@code session} (Linux {@code /proc}; empty elsewhere, where a
	 * process's descendants are all {@link #terminate} finds)
	 */
	static List<ProcessHandle> sessionMembers(long session) {
		return processes(entry -> sessionOf(entry) == session);
	}

	/**
	 * Finds processes by what {@code /proc} says about them.
	 * @param test given a process's {@code /proc/<pid>} directory, whether it is wanted; reads what it needs and
	 * answers {@code false} rather than throw when that is unreadable
	 * @return the live processes, other than this JVM, that pass the test (Linux {@code /proc}: empty elsewhere, and
	 * those found so far when listing {@code /proc} fails midway)
	 */
	public static List<ProcessHandle> processes(Predicate<Path> test) {
		Path proc = Path.of("/proc");
		if (!Files.isDirectory(proc)) {
			return List.of();
		}
		List<ProcessHandle> found = new ArrayList<>();
		long self = ProcessHandle.current().pid();
		try (Stream<Path> entries = Files.list(proc)) {
			entries.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
				.forEach(path -> {
					long pid = Long.parseLong(path.getFileName().toString());
					if (pid != self && test.test(path)) {
						ProcessHandle.of(pid).ifPresent(found::add);
					}
				});
		}
		catch (IOException | RuntimeException ex) {
			// no /proc to read, or it changed under us: the caller falls back on what else it knows
		}
		return found;
	}

	private static long sessionOf(Path procEntry) {
		try {
			String stat = Files.readString(procEntry.resolve("stat"));
			// pid (comm) state ppid pgrp session ...; comm may contain spaces and parentheses
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[3]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
