package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the real-part servers of the tests (sshd, PostgreSQL, s3proxy) share: ports and throw-away directories. */
public final class LocalResources {

	private LocalResources() {
	}

	/**
	 * @param host a loopback address, e.g. {@code 127.0.0.2}
	 * @return a TCP port free on it at the time of the call
	 * @throws UncheckedIOException when none can be bound
	 */
	public static int freePort(String host) {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free port on " + host, ex);
		}
	}

	/** Deletes a directory tree, best effort: a leftover temp directory must not fail a test. */
	public static void deleteRecursively(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// best effort
		}
	}

}
