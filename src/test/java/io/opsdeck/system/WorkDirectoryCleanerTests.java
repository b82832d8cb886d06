package io.opsdeck.system;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opsdeck.shared.WorkDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a start-up stops of a crashed Opsdeck's processes: every process carrying
 * {@link WorkDirectory#OWNER_VARIABLE} for this data directory (a local-connection command and the children it
 * detached), and nothing that carries another data directory's or a look-alike value. Real processes.
 */
class WorkDirectoryCleanerTests {

	@TempDir
	Path data;

	@TempDir
	Path other;

	private final List<Process> started = new ArrayList<>();

	@AfterEach
	void stopAll() {
		started.forEach(process -> process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly));
		started.forEach(Process::destroyForcibly);
	}

	@Test
	void aStartStopsTheProcessesARunOfTheSameDataDirectoryLeftAndOnlyThose() throws Exception {
		String work = WorkDirectory.of(data).toString();
		// a local-connection command as a crash leaves it: its own session, a detached child that outlives the shell
		Process leftover = start(work, "sleep 600 & sleep 600; wait");
		Process otherOpsdeck = start(WorkDirectory.of(other).toString(), "sleep 600");
		Process lookAlike = start(work + "-old", "sleep 600");
		Process unmarked = start(null, "sleep 600");
		await().atMost(Duration.ofSeconds(10)).until(() -> leftover.toHandle().descendants().count() == 2);
		List<ProcessHandle> leftoverTree = new ArrayList<>(leftover.toHandle().descendants().toList());
		leftoverTree.add(leftover.toHandle());

		new WorkDirectoryCleaner(new OpsdeckProperties(data, null)).clean();

		assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).as("the leftover shell is stopped").isTrue();
		await("the shell and both of its children are stopped").atMost(Duration.ofSeconds(10))
			.until(() -> leftoverTree.stream().noneMatch(ProcessHandle::isAlive));
		assertThat(otherOpsdeck.isAlive()).as("another data directory's run").isTrue();
		assertThat(lookAlike.isAlive()).as("a value that only starts with the work directory").isTrue();
		assertThat(unmarked.isAlive()).as("a process no run started").isTrue();
	}

	@Test
	void anEntryMatchesOnlyAsAWholeNulSeparatedVariable() throws Exception {
		Process process = start("/data/work", "sleep 600");
		long pid = process.pid();
		// setsid execs /bin/sh right after start(): while an exec replaces the process's memory its environ reads
		// empty (a CI run of round 10 here), so wait for the entry to be readable, then test the look-alikes
		await("the process's environ holds the entry").atMost(Duration.ofSeconds(10))
			.until(() -> WorkDirectoryCleaner.carries(pid, bytes(WorkDirectory.OWNER_VARIABLE + "=/data/work")));
		assertThat(WorkDirectoryCleaner.carries(pid, bytes(WorkDirectory.OWNER_VARIABLE + "=/data/wor"))).isFalse();
		assertThat(WorkDirectoryCleaner.carries(pid, bytes("X" + WorkDirectory.OWNER_VARIABLE + "=/data/work")))
			.isFalse();
		assertThat(WorkDirectoryCleaner.carries(Long.MAX_VALUE, bytes("PATH=/usr/bin"))).as("no such process")
			.isFalse();
	}

	private Process start(String owner, String script) throws IOException {
		ProcessBuilder builder = new ProcessBuilder("setsid", "--wait", "/bin/sh", "-c", script);
		builder.environment().remove(WorkDirectory.OWNER_VARIABLE);
		if (owner != null) {
			builder.environment().put(WorkDirectory.OWNER_VARIABLE, owner);
		}
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
		Process process = builder.start();
		started.add(process);
		return process;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

}
