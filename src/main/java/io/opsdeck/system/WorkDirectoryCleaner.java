package io.opsdeck.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.opsdeck.shared.ControlSocketDirectory;
import io.opsdeck.shared.WorkDirectory;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * At start-up, before any run starts: stops processes a crashed Opsdeck left running (an {@code ansible-playbook}
 * and its SSH clients, whose command lines name the work directory, and every process a run started, which carries
 * {@link WorkDirectory#OWNER_VARIABLE} naming it: a local-connection command and whatever it started, detached
 * children included), then deletes every
 * file left in the work directory (decrypted keys, extra vars files), so nothing a run was given outlives a crash
 * beyond the next start. The SSH control-socket directories a crashed process left in the temp directory are
 * deleted at start-up and every {@value #SOCKET_SWEEP_MINUTES} minutes after ({@link StaleControlSockets}: only
 * those whose owner is dead and that are quiet), as their masters may still be exiting at start-up.
 */
@Component
class WorkDirectoryCleaner {

	private static final Logger log = LoggerFactory.getLogger(WorkDirectoryCleaner.class);

	/** Minutes between sweeps of stale control-socket directories, the first this long after start-up. */
	static final int SOCKET_SWEEP_MINUTES = 10;

	private final Path work;

	WorkDirectoryCleaner(OpsdeckProperties properties) {
		this.work = WorkDirectory.of(properties.dataDirectory());
	}

	@PostConstruct
	void clean() {
		stopOrphans();
		if (Files.isDirectory(work)) {
			cleanWork();
		}
		sweepControlSockets();
	}

	private void stopOrphans() {
		String marker = work.toString() + "/";
		byte[] owner = (WorkDirectory.OWNER_VARIABLE + "=" + work).getBytes(StandardCharsets.UTF_8);
		List<ProcessHandle> orphans = ProcessHandle.allProcesses()
			.filter(process -> process.pid() != ProcessHandle.current().pid())
			.filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false)
					|| carries(process.pid(), owner))
			.toList();
		if (!orphans.isEmpty()) {
			log.warn("Stopping {} processes left by a previous Opsdeck on {}", orphans.size(), work);
			orphans.forEach(ProcessHandle::destroyForcibly);
		}
	}

	/**
	 * @return whether the process's environment ({@code /proc/<pid>/environ}, NUL-separated) holds exactly the
	 * entry {@code variable} ({@code NAME=value}); {@code false} when it cannot be read (gone, another user's)
	 */
	static boolean carries(long pid, byte[] variable) {
		byte[] environ;
		try {
			environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
		int start = 0;
		for (int i = 0; i <= environ.length; i++) {
			if (i == environ.length || environ[i] == 0) {
				if (Arrays.equals(environ, start, i, variable, 0, variable.length)) {
					return true;
				}
				start = i + 1;
			}
		}
		return false;
	}

	private void cleanWork() {
		try (Stream<Path> paths = Files.walk(work)) {
			List<Path> leftovers = paths.filter(path -> !path.equals(work)).sorted(Comparator.reverseOrder()).toList();
			for (Path path : leftovers) {
				Files.deleteIfExists(path);
			}
			if (!leftovers.isEmpty()) {
				log.warn("Deleted {} files and directories left in {} by a previous run", leftovers.size(), work);
			}
		}
		catch (IOException ex) {
			log.warn("Could not clean {}: {}", work, ex.getMessage());
		}
	}

	@Scheduled(initialDelay = SOCKET_SWEEP_MINUTES, fixedDelay = SOCKET_SWEEP_MINUTES, timeUnit = TimeUnit.MINUTES)
	void sweepControlSockets() {
		Path parent = ControlSocketDirectory.parent();
		List<Path> deleted = StaleControlSockets.sweep(parent, Instant.now());
		if (!deleted.isEmpty()) {
			log.warn("Deleted {} SSH control-socket directories left in {} by a stopped Opsdeck", deleted.size(),
					parent);
		}
	}

}
