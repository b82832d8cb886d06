package io.opsdeck.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * At start-up, before any run starts: stops processes a crashed Opsdeck left running on its work files (an
 * {@code ansible-playbook} and its SSH clients, whose command lines name the work directory), then deletes every
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
		if (Files.isDirectory(work)) {
			cleanWork();
		}
		sweepControlSockets();
	}

	private void cleanWork() {
		String marker = work.toString() + "/";
		List<ProcessHandle> orphans = ProcessHandle.allProcesses()
			.filter(process -> process.pid() != ProcessHandle.current().pid())
			.filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false))
			.toList();
		if (!orphans.isEmpty()) {
			log.warn("Stopping {} processes left by a previous Opsdeck on {}", orphans.size(), work);
			orphans.forEach(ProcessHandle::destroyForcibly);
		}
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
