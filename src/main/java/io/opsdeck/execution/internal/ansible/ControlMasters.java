package io.opsdeck.execution.internal.ansible;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.opsdeck.execution.internal.ChildEnvironment;
import io.opsdeck.execution.internal.ProcessTree;

/**
 * Ends the SSH control masters of one Ansible run when the run ends. A run's {@code ssh} clients share one connection
 * per host ({@code ControlMaster=auto}, {@code ControlPersist}); the master of each detaches into a session of its own
 * (daemon(3)), so {@link io.opsdeck.execution.internal.ProcessTree} cannot find it, and would keep the connection to
 * the target open for the {@code ControlPersist} time after the run. Ending them keeps the promise that nothing of a
 * run outlives it, whether it succeeded, failed, was cancelled or timed out.
 * <p>
 * First each master is asked to exit through its socket ({@code ssh -O exit}, an argument list, no shell); then any
 * process still naming the run's socket directory (a master that did not answer, or whose socket is gone) gets
 * SIGTERM, and SIGKILL if it is still there after {@link #WAIT}.
 */
final class ControlMasters {

	/** How long the exit requests, and then the masters themselves, may take before the next, harder step. */
	static final Duration WAIT = Duration.ofSeconds(5);

	/** Exit requests started at once; a run against many hosts has as many masters. */
	private static final int BATCH = 32;

	private ControlMasters() {
	}

	/**
	 * Ends every master whose control socket is in {@code sockets}, and waits (at most about 3 × {@link #WAIT}) until
	 * they are gone. Never throws: a master that cannot be ended is left to its {@code ControlPersist} time.
	 * @param sockets the run's private {@code ControlPath} directory
	 */
	static void end(Path sockets) {
		List<Path> controlPaths = list(sockets);
		for (int from = 0; from < controlPaths.size(); from += BATCH) {
			requestExit(controlPaths.subList(from, Math.min(from + BATCH, controlPaths.size())));
		}
		List<ProcessHandle> left = processesNaming(sockets);
		if (left.isEmpty()) {
			return;
		}
		// a master answers "exit" at once, then closes its connection: give it the time to go by itself
		if (!awaitExit(left, WAIT)) {
			left.forEach(ProcessHandle::destroy);
			if (!awaitExit(left, WAIT)) {
				left.forEach(ProcessHandle::destroyForcibly);
				awaitExit(left, WAIT);
			}
		}
	}

	/**
	 * @return live processes (other than this one) whose command line names a file in {@code sockets} (empty without
	 * {@code /proc}: the exit requests are then all that {@link #end} could do)
	 */
	static List<ProcessHandle> processesNaming(Path sockets) {
		String marker = sockets.toString() + "/";
		return ProcessTree.processes(entry -> commandLine(entry).contains(marker));
	}

	private static void requestExit(List<Path> controlPaths) {
		List<Process> requests = new ArrayList<>();
		for (Path controlPath : controlPaths) {
			ProcessBuilder builder = new ProcessBuilder("ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o",
					"ControlPath=" + controlPath, "-O", "exit", "opsdeck-control-master");
			ChildEnvironment.apply(builder.environment(), Map.of());
			builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
			builder.redirectError(ProcessBuilder.Redirect.DISCARD);
			try {
				requests.add(builder.start());
			}
			catch (IOException ex) {
				// no ssh client to ask: the masters get SIGTERM below
				break;
			}
		}
		long deadline = System.nanoTime() + WAIT.toNanos();
		for (Process request : requests) {
			try {
				if (!request.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					request.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				request.destroyForcibly();
			}
		}
	}

	/**
	 * Waits until every process has exited, polling every 20 ms: a master is re-parented to init, so this JVM cannot
	 * wait for it, and one that exited counts as gone before init reaps it (a zombie holds no socket or connection).
	 * @return whether all are gone within {@code timeout}
	 */
	private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (processes.stream().anyMatch(ControlMasters::running)) {
			if (System.nanoTime() >= deadline) {
				return false;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/** @return whether the process is alive and has not exited (Linux: not a zombie waiting to be reaped) */
	static boolean running(ProcessHandle process) {
		if (!process.isAlive()) {
			return false;
		}
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
			char state = stat.charAt(stat.lastIndexOf(')') + 2);
			return state != 'Z' && state != 'X';
		}
		catch (IOException | RuntimeException ex) {
			return process.isAlive();
		}
	}

	private static List<Path> list(Path sockets) {
		try (Stream<Path> entries = Files.list(sockets)) {
			return entries.sorted().toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	/** @return the command line as one string, its arguments separated by spaces ("" when unreadable) */
	private static String commandLine(Path procEntry) {
		try {
			return new String(Files.readAllBytes(procEntry.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0',
					' ');
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

}
