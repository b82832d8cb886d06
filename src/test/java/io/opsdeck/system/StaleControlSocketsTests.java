package io.opsdeck.system;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.opsdeck.shared.ControlSocketDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StaleControlSockets} on real directories: only a quiet directory of a dead owner (or, much older, of an
 * earlier version) that no live process names is deleted, with the socket file a crashed run left in it.
 */
class StaleControlSocketsTests {

	@TempDir
	Path tmp;

	@Test
	void deletesOnlyQuietDirectoriesOfDeadOwnersThatNoProcessUses() throws Exception {
		long dead = deadPid();
		long self = ProcessHandle.current().pid();
		Instant now = Instant.now();
		Path crashed = directory("odk" + dead + "-1", now.minus(Duration.ofMinutes(3)));
		Path socket = leftoverSocket(crashed);
		Path crashedJustNow = directory("odk" + dead + "-2", now.minus(Duration.ofSeconds(30)));
		Path mine = directory("odk" + self + "-3", now.minus(Duration.ofHours(5)));
		Path oldVersion = directory("odk4242424242", now.minus(Duration.ofHours(2)));
		Path oldVersionRecent = directory("odk4343434343", now.minus(Duration.ofMinutes(30)));
		Path inUse = directory("odk" + dead + "-5", now.minus(Duration.ofHours(2)));
		Path unrelated = directory("odkfoo", now.minus(Duration.ofHours(2)));
		Path aFile = Files.createFile(tmp.resolve("odk" + dead + "-6"));
		Files.setLastModifiedTime(aFile, FileTime.from(now.minus(Duration.ofHours(2))));
		Files.createFile(inUse.resolve("log"));
		Files.setLastModifiedTime(inUse, FileTime.from(now.minus(Duration.ofHours(2))));
		Process user = new ProcessBuilder("tail", "-f", inUse.resolve("log").toString()).start();
		try {
			assertThat(Files.exists(socket)).isTrue();
			List<Path> deleted = StaleControlSockets.sweep(tmp, now);

			assertThat(deleted).containsExactlyInAnyOrder(crashed, oldVersion);
			assertThat(crashed).doesNotExist();
			assertThat(oldVersion).doesNotExist();
			assertThat(crashedJustNow).isDirectory();
			assertThat(mine).isDirectory();
			assertThat(oldVersionRecent).isDirectory();
			assertThat(inUse).isDirectory();
			assertThat(unrelated).isDirectory();
			assertThat(aFile).isRegularFile();
		}
		finally {
			user.destroyForcibly().waitFor();
		}
		assertThat(StaleControlSockets.sweep(tmp, now)).containsExactly(inUse);
	}

	@Test
	void aRunsDirectoryIsNamedForThisProcess() throws IOException {
		Path created = ControlSocketDirectory.create(tmp);
		String name = created.getFileName().toString();
		assertThat(ControlSocketDirectory.isNamed(name)).isTrue();
		assertThat(ControlSocketDirectory.owner(name)).hasValue(ProcessHandle.current().pid());
		assertThat(Files.getPosixFilePermissions(created)).hasSize(3);
		assertThat(ControlSocketDirectory.owner("odk123456")).isEmpty();
		assertThat(ControlSocketDirectory.isNamed("odk123456")).isTrue();
		assertThat(ControlSocketDirectory.isNamed("odk-1")).isFalse();
		assertThat(ControlSocketDirectory.isNamed("odk_token")).isFalse();
		assertThat(StaleControlSockets.sweep(tmp, Instant.now().plus(Duration.ofDays(1)))).isEmpty();
		assertThat(created).isDirectory();
	}

	private Path directory(String name, Instant changed) throws IOException {
		Path directory = Files.createDirectory(tmp.resolve(name));
		Files.setLastModifiedTime(directory, FileTime.from(changed));
		return directory;
	}

	/** A socket file as a master leaves it when it is killed: bound, then never unlinked. */
	private static Path leftoverSocket(Path directory) throws IOException {
		Path socket = directory.resolve("0123456789abcdef0123456789abcdef01234567");
		FileTime changed = Files.getLastModifiedTime(directory);
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.bind(UnixDomainSocketAddress.of(socket));
		}
		Files.setLastModifiedTime(directory, changed);
		return socket;
	}

	private static long deadPid() throws InterruptedException, IOException {
		Process process = new ProcessBuilder("true").start();
		process.waitFor();
		assertThat(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
		return process.pid();
	}

}
