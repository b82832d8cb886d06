package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A "server" with a real journal: a {@link SshdServer} in a private mount namespace (root, {@code unshare -m}) with
 * a fresh {@code /run}, where a real {@code systemd-journald}, started by hand, writes {@code /run/log/journal}.
 * {@link #write} adds entries with the fields Docker's journald log driver writes ({@code CONTAINER_NAME}, the
 * compose service label as {@code COM_DOCKER_COMPOSE_SERVICE}) through {@code logger --journald} in that namespace,
 * since there is no Docker Engine here. journalctl in an SSH session then reads exactly what it would read on a
 * provisioned host. The sessions' processes run on this machine, so a test can look for them
 * ({@link #processes}).
 */
public final class JournalHost implements AutoCloseable {

	/** Mount namespace with its own /run and a journald of its own; then sshd. */
	private static final String SETUP = """
			set -e
			mount -t tmpfs tmpfs /run
			mkdir -p /run/sshd /run/systemd/journal
			/lib/systemd/systemd-journald </dev/null >/dev/null 2>&1 &
			for i in $(seq 1 200); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done
			[ -S /run/systemd/journal/socket ] || { echo "systemd-journald did not start" >&2; exit 1; }
			exec "$@"
			""";

	private final SshdServer sshd;

	private JournalHost(SshdServer sshd) {
		this.sshd = sshd;
	}

	/** @return whether this machine can run one: sshd, systemd-journald, and root for the mount namespace */
	public static boolean isAvailable() {
		return SshdServer.isAvailable() && Files.isExecutable(Path.of("/lib/systemd/systemd-journald"))
				&& ProcessHandle.current().info().user().map("root"::equals).orElse(false);
	}

	/**
	 * @param address a loopback address of the calling test's own range, e.g. {@code 127.0.0.95}
	 * @return the running host
	 */
	public static JournalHost start(String address) {
		return new JournalHost(SshdServer.start(address, SshdServer.KeyType.ED25519,
				List.of("unshare", "-m", "--propagation", "private", "bash", "-c", SETUP, "bash")));
	}

	/** @return the sshd in front of the journal */
	public SshdServer sshd() {
		return sshd;
	}

	/** Writes one journal entry, e.g. {@code write("MESSAGE=django started", "CONTAINER_NAME=django")}. */
	public void write(String... fields) {
		try {
			Process logger = new ProcessBuilder("nsenter", "-t", Long.toString(sshd.pid()), "-m", "logger", "--journald")
				.redirectErrorStream(true)
				.start();
			logger.getOutputStream().write((String.join("\n", fields) + "\n").getBytes(StandardCharsets.UTF_8));
			logger.getOutputStream().close();
			String out = new String(logger.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(logger.waitFor()).as(out).isZero();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param executable a program name, e.g. {@code journalctl}
	 * @return the live processes of that program that sshd's sessions started (on this machine), as
	 * {@code pid command line}
	 */
	public List<String> processes(String executable) {
		return ProcessHandle.of(sshd.pid())
			.map(ProcessHandle::descendants)
			.orElseGet(java.util.stream.Stream::empty)
			.filter(ProcessHandle::isAlive)
			.filter(p -> p.info().command().map(c -> c.endsWith("/" + executable)).orElse(false))
			.map(p -> p.pid() + " " + p.info().commandLine().orElse(executable))
			.toList();
	}

	@Override
	public void close() {
		sshd.close();
	}

}
