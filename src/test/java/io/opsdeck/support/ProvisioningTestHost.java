package io.opsdeck.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A disposable Debian bookworm host to provision: an overlay of a debootstrap'd root that already holds every package
 * the provisioning roles install (built once and cached in {@link #BASE}, see
 * {@code src/test/resources/provisioning/testbed.sh}), entered through its own network namespace
 * ({@code opsdeck-prov-N}, veth, address {@code 10.127.5N.2}, host side {@code 10.127.5N.1}) by an OpenSSH sshd
 * running {@code chroot}ed into it with its own config file, so the roles may rewrite {@code /etc/ssh/sshd_config}.
 * <p>
 * What it is not: PID 1 inside is not systemd (no service manager runs there), the namespace reaches nothing but the
 * test (apt sees only an empty local repository), and the kernel's firewall is the test machine's. Tasks that need
 * those are for check mode on this host. Index ranges, so test classes never share a namespace: 0-3 the roles'
 * tests, 4-6 application and failover, 7-9 the control plane.
 * <p>
 * Needs root, debootstrap, apt-utils, overlayfs and network namespaces; {@link #isAvailable()} says whether they are
 * there. {@link #close()} stops sshd and every process in the namespace and removes the overlay.
 */
public final class ProvisioningTestHost implements AutoCloseable {

	/** Where the base is cached between runs; the script rebuilds it when its version changes. */
	public static final Path BASE = Path.of("/var/tmp/opsdeck-test-root-provision-bookworm");

	private static final Path SCRIPT = Path.of("src/test/resources/provisioning/testbed.sh").toAbsolutePath();

	private static boolean baseBuilt;

	private final int index;

	private final Path work;

	private final Process sshd;

	private ProvisioningTestHost(int index, Path work, Process sshd) {
		this.index = index;
		this.work = work;
		this.sshd = sshd;
	}

	/** @return whether hosts can be made here: root, and the tools the testbed needs */
	public static boolean isAvailable() {
		return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/debootstrap"))
				&& Files.isExecutable(Path.of("/usr/bin/apt-ftparchive")) && Files.isExecutable(Path.of("/usr/sbin/ip"))
				&& Files.isExecutable(Path.of("/usr/sbin/sshd"));
	}

	/**
	 * Builds the cached base unless it is there (a few minutes: debootstrap and the roles' packages from
	 * deb.debian.org).
	 * @throws IllegalStateException when the script fails (message holds its output)
	 */
	public static synchronized void buildBase() {
		if (!baseBuilt) {
			command(Duration.ofMinutes(20), "bash", SCRIPT.toString(), "base", BASE.toString());
			baseBuilt = true;
		}
	}

	/**
	 * Starts host {@code index} on a fresh overlay of the base (builds the base first when needed).
	 * @param index 0-9: namespace {@code opsdeck-prov-<index>}, address {@code 10.127.5<index>.2}
	 * @param work a directory for the overlay, keys and known_hosts (removed by {@link #close()})
	 * @return the host, its sshd accepting connections
	 */
	public static ProvisioningTestHost start(int index, Path work) {
		if (index < 0 || index > 9) {
			throw new IllegalArgumentException("index must be 0-9: " + index);
		}
		buildBase();
		command(Duration.ofMinutes(1), "bash", SCRIPT.toString(), "up", BASE.toString(), work.toString(),
				Integer.toString(index));
		Process sshd;
		try {
			sshd = new ProcessBuilder("ip", "netns", "exec", "opsdeck-prov-" + index, "chroot",
					work.resolve("root").toString(), "/usr/sbin/sshd", "-D", "-e", "-f", "/etc/ssh/opsdeck_sshd_config")
				.redirectErrorStream(true)
				.redirectOutput(work.resolve("sshd.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ProvisioningTestHost host = new ProvisioningTestHost(index, work, sshd);
		String address = host.address();
		Awaitility.await("sshd of " + address)
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> accepts(address));
		return host;
	}

	/** @return its inventory name, {@code p<index>} */
	public String name() {
		return "p" + this.index;
	}

	/** @return the host's address in its namespace, reachable from the test */
	public String address() {
		return "10.127.5" + this.index + ".2";
	}

	/** @return the test machine's address on the host's veth (what the host sees as its peer) */
	public String peerAddress() {
		return "10.127.5" + this.index + ".1";
	}

	/** @return the host's root directory as the test sees it (read its files here to assert effects) */
	public Path root() {
		return this.work.resolve("root");
	}

	/** @return a known_hosts file holding this host's key, for {@code UserKnownHostsFile} */
	public Path knownHosts() {
		return this.work.resolve("known_hosts");
	}

	/** @return the private key that logs in as root */
	public Path clientKey() {
		return this.work.resolve("client_key");
	}

	/**
	 * @return inventory variables for this host: {@code ansible_host}, {@code ansible_user} root,
	 * {@code ansible_ssh_private_key_file}
	 */
	public Map<String, Object> inventoryVars() {
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("ansible_host", address());
		vars.put("ansible_user", "root");
		vars.put("ansible_ssh_private_key_file", clientKey().toString());
		return vars;
	}

	/**
	 * Runs a command inside the host's root ({@code chroot}, not in its namespace) and returns its output.
	 * @throws IllegalStateException on a non-zero exit (message holds the output)
	 */
	public String exec(String... command) {
		List<String> argv = new ArrayList<>(List.of("chroot", root().toString()));
		argv.addAll(List.of(command));
		return command(Duration.ofMinutes(1), argv.toArray(String[]::new));
	}

	/** Stops sshd and every process in the namespace, and removes the overlay and the work directory. */
	@Override
	public void close() {
		this.sshd.descendants().forEach(ProcessHandle::destroyForcibly);
		this.sshd.destroyForcibly();
		try {
			this.sshd.waitFor(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		command(Duration.ofMinutes(1), "bash", SCRIPT.toString(), "down", this.work.toString(),
				Integer.toString(this.index));
	}

	/**
	 * Writes a known_hosts file holding the keys of all given hosts, for a run against several.
	 * @param file where to write it
	 * @return {@code file}
	 */
	public static Path knownHosts(Path file, ProvisioningTestHost... hosts) {
		try {
			StringBuilder lines = new StringBuilder();
			for (ProvisioningTestHost host : hosts) {
				lines.append(Files.readString(host.knownHosts()));
			}
			return Files.writeString(file, lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean accepts(String address) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, 22), 250);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String command(Duration timeout, String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
