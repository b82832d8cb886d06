package io.opsdeck.patching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * A disposable Debian bookworm host for the security-updates playbook: an overlay of a debootstrap'd root (built
 * once and cached, see {@code src/test/resources/patching/testbed.sh}), entered through its own network namespace
 * ({@code opsdeck-patch-N}, veth, address {@code 10.127.4N.2}) by an OpenSSH sshd running {@code chroot}ed into it.
 * Its apt sees only a local repository offering {@code opsdeck-sec} 1.1 (security pocket) and {@code opsdeck-misc}
 * 1.1 (normal suite) over the installed 1.0, so upgrades are real but nothing is downloaded.
 * <p>
 * Needs root, debootstrap, apt-utils (apt-ftparchive), overlayfs and network namespaces; {@link #isAvailable()}
 * says whether they are there. {@link #close()} stops sshd and every process in the namespace and removes the
 * overlay.
 */
final class DebianTestHost implements AutoCloseable {

	/** Where the debootstrap'd base is cached between runs; the script rebuilds it when its version changes. */
	static final Path BASE = Path.of("/var/tmp/opsdeck-test-root-bookworm");

	private static final Path SCRIPT = Path.of("src/test/resources/patching/testbed.sh").toAbsolutePath();

	private static boolean baseBuilt;

	private final int index;

	private final Path work;

	private final Process sshd;

	private final List<Process> helpers = new ArrayList<>();

	private DebianTestHost(int index, Path work, Process sshd) {
		this.index = index;
		this.work = work;
		this.sshd = sshd;
	}

	/** @return whether the tests can run here: root, and the tools the testbed needs */
	static boolean isAvailable() {
		return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/debootstrap"))
				&& Files.isExecutable(Path.of("/usr/bin/apt-ftparchive")) && Files.isExecutable(Path.of("/usr/sbin/ip"))
				&& Files.isExecutable(Path.of("/usr/sbin/sshd"));
	}

	/**
	 * Builds the cached base root unless it is there (about a minute: debootstrap from deb.debian.org).
	 * @throws IllegalStateException when the script fails (message holds its output)
	 */
	static synchronized void buildBase() {
		if (!baseBuilt) {
			command(Duration.ofMinutes(10), "bash", SCRIPT.toString(), "base", BASE.toString());
			baseBuilt = true;
		}
	}

	/**
	 * Starts host {@code index} on a fresh overlay of the base.
	 * @param index 0-9: namespace {@code opsdeck-patch-<index>}, address {@code 10.127.4<index>.2}
	 * @param work a directory for the overlay, keys and known_hosts (removed by {@link #close()})
	 * @return the host, its sshd accepting connections
	 */
	static DebianTestHost start(int index, Path work) {
		buildBase();
		command(Duration.ofMinutes(1), "bash", SCRIPT.toString(), "up", BASE.toString(), work.toString(),
				Integer.toString(index));
		Process sshd;
		try {
			sshd = new ProcessBuilder("ip", "netns", "exec", "opsdeck-patch-" + index, "chroot",
					work.resolve("root").toString(), "/usr/sbin/sshd", "-D", "-e", "-f", "/etc/ssh/opsdeck_sshd_config")
				.redirectErrorStream(true)
				.redirectOutput(work.resolve("sshd.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		DebianTestHost host = new DebianTestHost(index, work, sshd);
		String address = host.address();
		Awaitility.await("sshd of " + address)
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> accepts(address));
		return host;
	}

	/** @return its inventory name, {@code h<index>} */
	String name() {
		return "h" + this.index;
	}

	/** @return the host's address in its namespace, reachable from the test */
	String address() {
		return "10.127.4" + this.index + ".2";
	}

	/** @return the host's root directory as the test sees it */
	Path root() {
		return this.work.resolve("root");
	}

	/** @return a known_hosts file with this host's key */
	Path knownHosts() {
		return this.work.resolve("known_hosts");
	}

	/** @return inventory variables for this host: address, root login with the generated key */
	Map<String, Object> inventoryVars() {
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("ansible_host", address());
		vars.put("ansible_user", "root");
		vars.put("ansible_ssh_private_key_file", this.work.resolve("client_key").toString());
		return vars;
	}

	/**
	 * Runs a command inside the host's root ({@code chroot}) and returns its output.
	 * @throws IllegalStateException on a non-zero exit
	 */
	String exec(String... command) {
		List<String> argv = new ArrayList<>(List.of("chroot", root().toString()));
		argv.addAll(List.of(command));
		return command(Duration.ofMinutes(1), argv.toArray(String[]::new));
	}

	/** @return the installed version of a package in the host, or {@code ""} when it is not installed */
	String installedVersion(String name) {
		String status = exec("dpkg-query", "-W", "-f", "${db:Status-Status} ${Version}", name).strip();
		return status.startsWith("installed ") ? status.substring("installed ".length()) : "";
	}

	/**
	 * Holds the dpkg frontend lock inside the host the way apt does (an fcntl lock, which {@code flock(1)} is not:
	 * apt would not notice a flock) for {@code seconds}, from a process in the host's root. Returns once the lock is
	 * held.
	 */
	Process holdDpkgLock(int seconds) {
		try {
			Process holder = new ProcessBuilder("chroot", root().toString(), "python3", "-c",
					"import fcntl, sys, time\n" + "f = open('/var/lib/dpkg/lock-frontend', 'w')\n"
							+ "fcntl.lockf(f, fcntl.LOCK_EX)\n" + "print('locked', flush=True)\n" + "time.sleep("
							+ seconds + ")\n")
				.redirectErrorStream(true)
				.start();
			this.helpers.add(holder);
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
			String line = reader.readLine();
			if (!"locked".equals(line)) {
				throw new IllegalStateException("could not take the dpkg lock: " + line);
			}
			return holder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops sshd, the helpers and every process in the namespace, and removes the overlay and the work directory. */
	@Override
	public void close() {
		this.helpers.forEach(Process::destroyForcibly);
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
