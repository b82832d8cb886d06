package io.opsdeck.execution;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import io.opsdeck.shared.ControlSocketDirectory;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.IntegrationTest;
import io.opsdeck.support.SshdExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SSH control masters ({@code ControlPersist}) of an Ansible run end with the run, however it ends: a real
 * {@code ansible-playbook} against a real sshd on 127.0.0.64 runs a stand-in playbook
 * ({@code src/test/resources/execution/playbooks/hold.yml}) that holds until the test releases it. While it holds,
 * the test finds the run's master (the {@code ssh} process connected to that sshd whose title names its control
 * socket); once the run is reported ended, that master is gone, its socket directory deleted, and sshd has no session
 * left (docs/runs.md, "Ansible runs").
 */
@IntegrationTest
@TestPropertySource(properties = { "opsdeck.test.own-data-directory=true",
		"opsdeck.ansible.playbook-directory=src/test/resources/execution/playbooks" })
class AnsibleControlMastersIntegrationTests {

	private static final String ADDRESS = "127.0.0.64";

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on(ADDRESS).skippedWithoutSshd();

	private static String environment;

	@LocalServerPort
	int port;

	ApiClient api;

	Path release;

	enum End {

		SUCCEEDED, FAILED, CANCELLED, TIMED_OUT

	}

	@BeforeEach
	void setUp() throws IOException {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		release = Files.createTempDirectory("opsdeck-hold-").resolve("release");
		if (environment != null) {
			return;
		}
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		environment = "masters-" + suffix;
		created(api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "us-east-1")));
		String credentialId = created(api.post("/api/v1/credentials",
				Map.of("name", "masters-" + suffix, "type", "ssh-key", "privateKey", sshd.server().clientPrivateKey())))
			.path("id")
			.asString();
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", "held-" + suffix);
		server.put("host", ADDRESS);
		server.put("port", sshd.server().port());
		server.put("username", sshd.server().username());
		server.put("environment", environment);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.server().hostKeyFingerprint());
		created(api.post("/api/v1/servers", server));
	}

	@AfterEach
	void releaseAnyHold() throws IOException {
		// a cancelled or timed-out run leaves its remote wait_for behind: let it end now
		if (!Files.exists(release)) {
			Files.writeString(release, "");
		}
	}

	@ParameterizedTest
	@EnumSource(End.class)
	void theRunsControlMasterEndsWithTheRun(End end) throws Exception {
		Map<String, Object> extraVars = new LinkedHashMap<>();
		extraVars.put("release", release.toString());
		if (end == End.FAILED) {
			extraVars.put("fail_after_release", "yes");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("kind", "ansible");
		body.put("playbook", "hold.yml");
		body.put("environment", environment);
		body.put("extraVars", extraVars);
		if (end == End.TIMED_OUT) {
			body.put("timeoutSeconds", 30);
		}
		ApiClient.Response started = api.post("/api/v1/runs", body);
		assertThat(started.status()).as(started.body()).isEqualTo(202);
		String id = started.json().path("id").asString();

		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> api.get("/api/v1/runs/" + id + "/log").body().contains("TASK [Hold until released]"));
		List<Master> masters = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			masters.clear();
			masters.addAll(mastersConnectedTo(sshd.server().port()));
			assertThat(masters).as(() -> "no master connected to " + ADDRESS + ":" + sshd.server().port()
					+ "; ssh processes: "
					+ sshProcesses() + "\nlog:\n" + api.get("/api/v1/runs/" + id + "/log").body()).isNotEmpty();
		});
		assertThat(masters).as("one master per host").hasSize(1);
		Master master = masters.get(0);
		assertThat(master.socket()).exists();
		assertThat(ControlSocketDirectory.owner(master.socket().getParent().getFileName().toString()))
			.as("named for the node that runs it, so a sweep never takes it for a crashed node's")
			.hasValue(ProcessHandle.current().pid());

		switch (end) {
			case SUCCEEDED, FAILED -> Files.writeString(release, "");
			case CANCELLED -> assertThat(api.post("/api/v1/runs/" + id + "/cancel", "").status()).isEqualTo(202);
			case TIMED_OUT -> {
				// the run's own 30 s timeout stops it
			}
		}
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> RunStatus.valueOf(api.get("/api/v1/runs/" + id).json().path("status").asString())
				.isTerminal());
		JsonNode run = api.get("/api/v1/runs/" + id).json();
		assertThat(run.path("status").asString()).as(api.get("/api/v1/runs/" + id + "/log").body())
			.isEqualTo(end.name());

		// ended before the run was recorded as ended, not ControlPersist (30 s) later
		assertThat(running(master.process()))
			.as(() -> "master " + master.process().pid() + " (" + master.socket() + ") still running: "
					+ commandLine(Path.of("/proc", String.valueOf(master.process().pid()))))
			.isFalse();
		assertThat(master.socket().getParent()).doesNotExist();
		assertThat(mastersConnectedTo(sshd.server().port())).isEmpty();
		// sshd notices the closed connection by itself: its session processes end within moments
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> ProcessHandle.of(sshd.server().pid())
				.map(h -> h.descendants().findAny().isEmpty())
				.orElse(true));
	}

	/**
	 * An {@code ssh} control master: its process (a handle that knows its start time, so a reused process id is not
	 * taken for it) and the control socket its title names.
	 */
	record Master(ProcessHandle process, Path socket) {
	}

	/**
	 * @return the {@code ssh} control masters (title {@code ssh: <socket> [mux]}) with an established TCP connection
	 * to {@code ADDRESS:port}, found through {@code /proc/net/tcp} and each process's open sockets
	 */
	private static List<Master> mastersConnectedTo(int port) throws IOException {
		// /proc/net/tcp writes an IPv4 address as the hex of its 4 bytes in little-endian order, then the port
		byte[] address = InetAddress.getByName(ADDRESS).getAddress();
		String remote = String.format(Locale.ROOT, "%02X%02X%02X%02X:%04X", address[3], address[2], address[1],
				address[0], port);
		Set<String> inodes = new HashSet<>();
		for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length > 9 && fields[2].equals(remote) && fields[3].equals("01")) {
				inodes.add("socket:[" + fields[9] + "]");
			}
		}
		List<Master> masters = new ArrayList<>();
		if (inodes.isEmpty()) {
			return masters;
		}
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			for (Path process : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
				String title = commandLine(process);
				if (!title.startsWith("ssh: ") || !title.contains("[mux]") || !holdsAny(process, inodes)) {
					continue;
				}
				Path socket = Path.of(title.substring("ssh: ".length(), title.indexOf(" [mux]")));
				ProcessHandle.of(Long.parseLong(process.getFileName().toString()))
					.ifPresent(handle -> masters.add(new Master(handle, socket)));
			}
		}
		return masters;
	}

	private static List<String> sshProcesses() {
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			return entries.filter(p -> p.getFileName().toString().matches("\\d+"))
				.map(p -> p.getFileName() + " " + commandLine(p))
				.filter(line -> line.contains("ssh"))
				.toList();
		}
		catch (IOException ex) {
			return List.of(ex.toString());
		}
	}

	/**
	 * @return whether the process is alive and has not exited: a master that exited stays a zombie until init reaps
	 * it, holding no socket or connection
	 */
	private static boolean running(ProcessHandle process) {
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

	private static boolean holdsAny(Path process, Set<String> inodes) {
		try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
			return fds.anyMatch(fd -> {
				try {
					return inodes.contains(Files.readSymbolicLink(fd).toString());
				}
				catch (IOException ex) {
					return false;
				}
			});
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private static String commandLine(Path process) {
		try {
			return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
				.replace('\0', ' ')
				.trim();
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static JsonNode created(ApiClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

}
