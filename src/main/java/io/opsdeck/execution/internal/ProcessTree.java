package io.opsdeck.execution.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * ({@code ansible.ControlMasters}). Another one that still holds the run's output, or a process that SIGKILL cannot end
 * (uninterruptible sleep: a hung NFS mount, a dying disk), would keep the run going after a stop for as long as it
 * lives; {@link #awaitEnd} stops waiting for it shortly after the SIGKILL.
 */
public final class ProcessTree {

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	/**
	 * How long after the SIGKILL of a stop (the stop plus the control's grace) {@link #awaitEnd} still waits for the
	 * process and its output. SIGKILL ends a process in milliseconds and closes its pipes; what is left after this
	 * is out of reach. Below the 5 s a graceful shutdown waits after its kill grace ({@code RunDispatcher}), so that
	 * such a run still ends, and is recorded, before the application closes.
	 */
	static final Duration AFTER_KILL = Duration.ofSeconds(2);

	private static final long POLL_MILLIS = 100;

	/** The run's line when {@link #awaitEnd} gave up: a process outlived the stop (Opsdeck's own message). */
	public static final String OUTLIVED = "A process of this run still holds its output after SIGKILL (it left the run's "
			+ "session, or cannot be killed, e.g. waiting on a hung disk or NFS mount); Opsdeck stopped waiting for it";

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

	/**
	 * Waits for a process and for the end of its output (stdout and stderr read to the end), as long as that takes
	 * while the run is not stopped (a local run lasts while something it started still writes, as an SSH session
	 * does). Once the run is stopped, waits at most until {@link #AFTER_KILL} after the control's grace: a process
	 * that escaped the stop (its own session, re-parented to init) but holds the output, or one in uninterruptible
	 * sleep, used to keep a cancelled run {@code RUNNING}, its slot taken, for as long as it lived, and at shutdown
	 * the application closed under the run's worker.
	 * @param process the root process
	 * @param output completes when both output streams ended
	 * @param control the run's stop switch
	 * @return the exit code; {@code null} when the run was stopped and the process or its output outlived the wait
	 * (the streams' reading threads are left to end with them; their output is refused once the run's is closed)
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	public static Integer awaitEnd(Process process, CompletableFuture<Void> output, ExecutionControl control)
			throws InterruptedException {
		while (true) {
			if (!process.isAlive() && output.isDone()) {
				return process.exitValue();
			}
			if (control.stopped() && control.sinceStop().compareTo(control.grace().plus(AFTER_KILL)) > 0) {
				return null;
			}
			if (process.isAlive()) {
				process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
				continue;
			}
			try {
				output.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				// still open, or a reader failed (its stream is over all the same)
			}
		}
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
