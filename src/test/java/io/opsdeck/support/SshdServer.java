package io.opsdeck.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real OpenSSH {@code sshd} started for a test, listening on a free port of a loopback address such as
 * {@code 127.0.0.2}, accepting only a client key pair generated for the current OS user.
 * <p>
 * Everything lives in a private temporary directory (0700): an ed25519 host key, the client key pair, an
 * {@code authorized_keys} and a generated {@code sshd_config} ({@code UsePAM no}, public keys only,
 * {@code StrictModes no}, {@code LogLevel VERBOSE}). {@code /usr/sbin/sshd -D -e} runs as a child process; its
 * stderr is kept for {@link #log()}. {@link #close()} stops sshd and every session it forked, then deletes the
 * directory. Because PAM is off, sshd refuses an account whose password is locked ({@code !} in
 * {@code /etc/shadow}) even for key logins: run tests as a user whose password field is {@code *} or a hash (root
 * on Debian is). Running as non-root works too, but sshd then only lets that same user in, and
 * {@code /run/sshd} must already exist.
 */
public final class SshdServer implements AutoCloseable {

	/** The OpenSSH server binary (Debian {@code openssh-server}); sshd insists on an absolute path. */
	public static final Path SSHD = Path.of("/usr/sbin/sshd");

	/**
	 * Runs sshd in a private mount namespace where the test user's {@code ~/.bashrc} reads as empty. The sessions
	 * run as the user running the tests (root), and bash sources {@code ~/.bashrc} for every command sshd starts:
	 * on the CI machines it runs {@code pyenv init}, which takes about half a second and a lock shared by concurrent
	 * logins (seen: a stale lock made every login wait 60 s). The test machine's shell set-up is not part of what
	 * these tests exercise; the file itself is not touched.
	 */
	private static final List<String> WITHOUT_LOGIN_SCRIPT = List.of("unshare", "--mount", "--propagation", "private",
			"sh", "-c", "if [ -f \"$HOME/.bashrc\" ]; then mount --bind /dev/null \"$HOME/.bashrc\" || exit 1; fi; exec \"$@\"",
			"sh");

	private static final Path PRIVILEGE_SEPARATION_DIRECTORY = Path.of("/run/sshd");

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private static final int LOG_LIMIT_CHARS = 1 << 20;

	private static final int START_ATTEMPTS = 3;

	/** Client key types ssh-keygen can make; the host key is always ed25519. */
	public enum KeyType {

		ED25519("-t", "ed25519"), ECDSA("-t", "ecdsa", "-b", "256"), RSA("-t", "rsa", "-b", "3072");

		private final List<String> keygenArguments;

		KeyType(String... keygenArguments) {
			this.keygenArguments = List.of(keygenArguments);
		}

	}

	private final Path directory;

	private final String host;

	private final int port;

	private final Process process;

	private final StringBuilder log;

	private final Thread shutdownHook;

	private SshdServer(Path directory, String host, int port, Process process, StringBuilder log) {
		this.directory = directory;
		this.host = host;
		this.port = port;
		this.process = process;
		this.log = log;
		this.shutdownHook = new Thread(this::stopProcesses, "sshd-stop-" + port);
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/** @return whether {@link #SSHD} exists and is executable, so a test can be skipped where it is not */
	public static boolean isAvailable() {
		return Files.isExecutable(SSHD);
	}

	/**
	 * Starts sshd on a free port of {@code listenAddress} with an ed25519 client key.
	 * @param listenAddress a local IP address, e.g. {@code 127.0.0.2}
	 * @return the running server, accepting connections
	 * @throws IllegalStateException when sshd does not come up within 20 seconds or exits (message holds its log)
	 */
	public static SshdServer start(String listenAddress) {
		return start(listenAddress, KeyType.ED25519);
	}

	/**
	 * Starts sshd on a free port of {@code listenAddress}, accepting a client key of the given type.
	 * @param listenAddress a local IP address, e.g. {@code 127.0.0.2}
	 * @param clientKeyType type of the generated client key pair
	 * @return the running server, accepting connections
	 * @throws IllegalStateException when sshd does not come up within 20 seconds or exits (message holds its log)
	 */
	public static SshdServer start(String listenAddress, KeyType clientKeyType) {
		return start(listenAddress, clientKeyType, List.of());
	}

	/**
	 * Starts sshd through a wrapper command, e.g. {@code unshare -m ... sh -c 'set-up; exec "$@"' sh}: the wrapper
	 * gets sshd's command line as its last arguments and must end by executing it (so this object's process is
	 * sshd, and the wrapper's background helpers are its descendants, stopped with it).
	 * @param listenAddress a local IP address, e.g. {@code 127.0.0.2}
	 * @param clientKeyType type of the generated client key pair
	 * @param wrapper the command in front of sshd's, empty for none
	 * @return the running server, accepting connections
	 */
	public static SshdServer start(String listenAddress, KeyType clientKeyType, List<String> wrapper) {
		ensurePrivilegeSeparationDirectory();
		Path directory = createPrivateDirectory();
		try {
			generateKeys(directory, clientKeyType);
			IllegalStateException failure = null;
			for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
				try {
					return launch(directory, listenAddress, LocalResources.freePort(listenAddress), wrapper);
				}
				catch (PortTakenException ex) {
					failure = ex; // another process took the port between probe and bind: pick another one
				}
			}
			throw failure;
		}
		catch (RuntimeException ex) {
			LocalResources.deleteRecursively(directory);
			throw ex;
		}
	}

	/** @return sshd's process id */
	public long pid() {
		return this.process.pid();
	}

	/** @return the address sshd listens on */
	public String host() {
		return this.host;
	}

	/** @return the TCP port sshd listens on */
	public int port() {
		return this.port;
	}

	/** @return the OS user the client key logs in as: the user running the tests */
	public String username() {
		return System.getProperty("user.name");
	}

	/** @return the client private key, OpenSSH format ({@code -----BEGIN OPENSSH PRIVATE KEY-----}), no passphrase */
	public String clientPrivateKey() {
		return read(clientPrivateKeyPath());
	}

	/** @return path of the client private key file (0600) */
	public Path clientPrivateKeyPath() {
		return this.directory.resolve("client_key");
	}

	/** @return the client public key, {@code <type> <base64> <comment>} */
	public String clientPublicKey() {
		return read(this.directory.resolve("client_key.pub")).strip();
	}

	/** @return the host key fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:<base64, no padding>} */
	public String hostKeyFingerprint() {
		String listing = Commands.run(List.of("ssh-keygen", "-lf", hostKeyPath() + ".pub"));
		return listing.strip().split("\\s+")[1];
	}

	/** @return the host public key as {@code <type> <base64>}, e.g. {@code ssh-ed25519 AAAA...} */
	public String hostPublicKey() {
		String[] fields = read(Path.of(hostKeyPath() + ".pub")).strip().split("\\s+");
		return fields[0] + " " + fields[1];
	}

	/** @return a known_hosts line for this server: {@code [host]:port <type> <base64>} */
	public String knownHostsLine() {
		return "[" + this.host + "]:" + this.port + " " + hostPublicKey();
	}

	/**
	 * Replaces the host key with a new ed25519 key, as a rebuilt server (or an impostor) would present: sshd
	 * re-executes itself for every connection and reads the key file then, so the next connection sees the new key.
	 * @return the new key's fingerprint
	 */
	public String regenerateHostKey() {
		try {
			Files.deleteIfExists(hostKeyPath());
			Files.deleteIfExists(Path.of(hostKeyPath() + ".pub"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "opsdeck-test-host", "-f",
				hostKeyPath().toString()));
		return hostKeyFingerprint();
	}

	/**
	 * Ends every connection (kills sshd's per-connection processes) and keeps listening, as a server that restarted
	 * its sshd or rebooted would: a client's open connections are dead from then on. For a server started without a
	 * wrapper (a wrapper is a descendant too).
	 * @return how many processes were killed
	 */
	public int dropConnections() {
		List<ProcessHandle> sessions = this.process.descendants().toList();
		sessions.forEach(ProcessHandle::destroyForcibly);
		sessions.forEach(session -> session.onExit().join());
		return sessions.size();
	}

	/**
	 * @return the pids of this sshd's session processes (its descendants running sshd: one or two per open
	 * connection), e.g. to freeze a server mid-run with SIGSTOP
	 */
	public List<Long> sessionPids() {
		return this.process.descendants()
			.filter(process -> process.info().command().orElse("").contains("sshd"))
			.map(ProcessHandle::pid)
			.toList();
	}

	/** @return sshd's stderr so far (its log at VERBOSE level, capped at the last 1 MiB), for failure messages */
	public String log() {
		synchronized (this.log) {
			return this.log.toString();
		}
	}

	/** Stops sshd and its session processes (SIGTERM, then SIGKILL after 5 s) and deletes the directory. */
	@Override
	public void close() {
		stopProcesses();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down; the hook runs anyway
		}
		LocalResources.deleteRecursively(this.directory);
	}

	private Path hostKeyPath() {
		return this.directory.resolve("host_ed25519_key");
	}

	private void stopProcesses() {
		List<ProcessHandle> sessions = this.process.descendants().toList();
		this.process.destroy();
		sessions.forEach(ProcessHandle::destroy);
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		sessions.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	private static SshdServer launch(Path directory, String host, int port, List<String> wrapper) {
		Path config = directory.resolve("sshd_config");
		write(config, sshdConfig(directory, host, port));
		StringBuilder log = new StringBuilder();
		Process process;
		try {
			List<String> command = new ArrayList<>(WITHOUT_LOGIN_SCRIPT);
			command.addAll(wrapper);
			command.addAll(List.of(SSHD.toString(), "-D", "-e", "-f", config.toString()));
			process = new ProcessBuilder(command)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + SSHD, ex);
		}
		Thread reader = new Thread(() -> collect(process.getErrorStream(), log), "sshd-log-" + port);
		reader.setDaemon(true);
		reader.start();
		SshdServer server = new SshdServer(directory, host, port, process, log);
		try {
			Awaitility.await("sshd accepting connections on " + host + ":" + port)
				.atMost(STARTUP_TIMEOUT)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(25))
				.until(() -> {
					if (!process.isAlive()) {
						throw new SshdExitedException(process.exitValue());
					}
					return accepts(host, port);
				});
			return server;
		}
		catch (SshdExitedException | ConditionTimeoutException ex) {
			server.stopProcesses();
			Runtime.getRuntime().removeShutdownHook(server.shutdownHook);
			String message = "sshd on " + host + ":" + port + " did not start (" + ex.getMessage() + "). Log:\n"
					+ server.log();
			if (server.log().contains("Address already in use")) {
				throw new PortTakenException(message);
			}
			throw new IllegalStateException(message, ex);
		}
	}

	private static String sshdConfig(Path directory, String host, int port) {
		return String.join("\n", "ListenAddress " + host + ":" + port,
				"HostKey " + directory.resolve("host_ed25519_key"),
				"AuthorizedKeysFile " + directory.resolve("authorized_keys"), "PidFile " + directory.resolve("sshd.pid"),
				"StrictModes no", "UsePAM no", "PubkeyAuthentication yes", "PasswordAuthentication no",
				"KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
				"Subsystem sftp internal-sftp", "LogLevel VERBOSE", "MaxStartups 100:30:200", "MaxSessions 50",
				"AcceptEnv LANG LC_*", "");
	}

	private static void generateKeys(Path directory, KeyType clientKeyType) {
		Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "opsdeck-test-host", "-f",
				directory.resolve("host_ed25519_key").toString()));
		List<String> client = new ArrayList<>(List.of("ssh-keygen", "-q"));
		client.addAll(clientKeyType.keygenArguments);
		client.addAll(List.of("-N", "", "-C", "opsdeck-test-client", "-f", directory.resolve("client_key").toString()));
		Commands.run(client);
		write(directory.resolve("authorized_keys"), read(directory.resolve("client_key.pub")));
	}

	private static void ensurePrivilegeSeparationDirectory() {
		try {
			Files.createDirectories(PRIVILEGE_SEPARATION_DIRECTORY);
		}
		catch (IOException ex) {
			throw new IllegalStateException("sshd needs " + PRIVILEGE_SEPARATION_DIRECTORY
					+ "; create it as root (mkdir -p /run/sshd) or run the tests as root", ex);
		}
	}

	private static Path createPrivateDirectory() {
		try {
			return Files.createTempDirectory("opsdeck-sshd-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean accepts(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 250);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void collect(InputStream stream, StringBuilder log) {
		byte[] buffer = new byte[8192];
		try (stream) {
			int read;
			while ((read = stream.read(buffer)) != -1) {
				synchronized (log) {
					log.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
					if (log.length() > LOG_LIMIT_CHARS) {
						log.delete(0, log.length() - LOG_LIMIT_CHARS);
					}
				}
			}
		}
		catch (IOException ex) {
			// sshd went away; the log holds what it wrote
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs ssh-keygen and the like with an argument list (never a shell), failing on a non-zero exit. */
	private static final class Commands {

		static String run(List<String> command) {
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
				process.getOutputStream().close();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException(command.get(0) + " did not finish within 60 s");
				}
				if (process.exitValue() != 0) {
					throw new IllegalStateException(
							command + " exited with status " + process.exitValue() + ": " + output.strip());
				}
				return output;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot run " + command.get(0), ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while running " + command.get(0), ex);
			}
		}

	}

	private static final class SshdExitedException extends RuntimeException {

		SshdExitedException(int exitCode) {
			super("sshd exited with status " + exitCode);
		}

	}

	private static final class PortTakenException extends IllegalStateException {

		PortTakenException(String message) {
			super(message);
		}

	}

}
