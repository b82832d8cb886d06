package io.opsdeck.provisioning;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opsdeck.support.AnsiblePlaybook;
import io.opsdeck.support.ProvisioningTestHost;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code failover} role (seed: Failover Role, "High availability configuration") against a disposable Debian
 * host, with the cloud API played by a local HTTP endpoint on the host's veth peer address (no cloud is reachable
 * from here): the role renders keepalived.conf, which {@code keepalived -t} validates inside the host; keepalived,
 * started by the role (the host has no systemd, Debian's init script starts it), becomes MASTER while the health
 * URL answers, and its {@code notify_master} script moves the floating address with DigitalOcean's
 * {@code POST /v2/reserved_ips/{ip}/actions} (method, path, body, bearer token asserted); a failing health check
 * takes the address off the server, a passing one brings it back with a new move. The AWS path (EC2
 * AssociateAddress, SigV4-signed by curl) is asserted the same way, signature recomputed here.
 */
class FailoverRoleIntegrationTests {

	private static final String PLAYBOOK = Path.of("src/test/resources/provisioning-app/failover.yml")
		.toAbsolutePath()
		.toString();

	private static final int INDEX = 5;

	private static final String DO_TOKEN = "dop_v1_0123456789abcdef-test-token";

	private static final String VRRP_PASSWORD = "vrrp-pw-secret";

	private static final String AWS_KEY_ID = "AKIDOPSDECKTEST";

	private static final String AWS_SECRET = "aws/Secret+key-0123456789";

	private static final String FLOATING_IP = "203.0.113.10";

	private ProvisioningTestHost host;

	private Path work;

	private int runs;

	private HttpServer api;

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger health = new AtomicInteger(200);

	private final ConcurrentLinkedQueue<Integer> nextAnswers = new ConcurrentLinkedQueue<>();

	private record Recorded(String method, String path, Map<String, String> headers, String body) {
	}

	@BeforeEach
	void start() throws Exception {
		assumeTrue(ProvisioningTestHost.isAvailable() && AnsiblePlaybook.isAvailable(),
				"needs root, debootstrap, apt-utils, iproute2, sshd and ansible-playbook (scripts/test.sh installs them)");
		work = Files.createTempDirectory("odf");
		host = ProvisioningTestHost.start(INDEX, work.resolve("h" + INDEX));
		api = HttpServer.create(new InetSocketAddress(host.peerAddress(), 0), 16);
		api.createContext("/", this::answer);
		api.start();
	}

	@AfterEach
	void stop() {
		if (api != null) {
			api.stop(0);
		}
		if (host != null) {
			host.close(); // also ends keepalived: every process in the host's namespace
		}
		if (work != null) {
			// the run directories (inventories, extra vars with the test's secrets); close() removed the host's
			FileSystemUtils.deleteRecursively(work.toFile());
		}
	}

	@Test
	void keepalivedMovesTheDigitalOceanReservedIpToTheHealthyServer() throws Exception {
		Map<String, Object> disabled = digitalOcean();
		disabled.remove("failover_enabled");
		AnsiblePlaybook.Result off = run(disabled);
		assertThat(off.exitCode()).as(off.output()).isZero();
		assertThat(changedTasks(off)).as("off unless failover_enabled").isEmpty();
		assertThat(host.root().resolve("etc/keepalived/keepalived.conf")).doesNotExist();

		AnsiblePlaybook.Result check = run(digitalOcean(), "--check");
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(host.root().resolve("etc/keepalived/opsdeck")).as("check mode writes nothing").doesNotExist();

		AnsiblePlaybook.Result first = run(digitalOcean());
		assertThat(first.exitCode()).as(first.output()).isZero();
		assertThat(first.output()).doesNotContain(DO_TOKEN).doesNotContain(VRRP_PASSWORD);

		// what keepalived reads, valid by its own config test, and the test fails a broken copy
		Path conf = host.root().resolve("etc/keepalived/keepalived.conf");
		assertThat(Files.readString(conf)).contains("unicast_peer {\n        " + host.peerAddress() + "\n    }",
				"priority 150", "virtual_router_id 51", "auth_pass vrrp-pw-", FLOATING_IP + "/32 dev lo",
				"notify_master \"/etc/keepalived/opsdeck/notify-master.sh\"");
		assertThat(mode(conf)).isEqualTo("rw-------");
		assertThat(inHost("keepalived", "-t", "-f", "/etc/keepalived/keepalived.conf").exitCode()).isZero();
		Files.writeString(host.root().resolve("tmp/broken.conf"), Files.readString(conf) + "vrrp_instance x {\n bogus\n}\n");
		Exec broken = inHost("keepalived", "-t", "-f", "/tmp/broken.conf");
		assertThat(broken.exitCode()).as(broken.output()).isNotZero();
		assertThat(broken.output()).contains("Unknown keyword 'bogus'");

		// the token only in a root-only file that curl reads; never in the script, so never on a command line
		Path credentials = host.root().resolve("etc/keepalived/opsdeck/cloud-api.curl");
		assertThat(mode(credentials)).isEqualTo("rw-------");
		assertThat(Files.readString(credentials)).contains("header = \"Authorization: Bearer " + DO_TOKEN + "\"");
		assertThat(Files.readString(host.root().resolve("etc/keepalived/opsdeck/notify-master.sh"))).doesNotContain(DO_TOKEN);

		// keepalived runs (started by the role) and, healthy and alone, becomes MASTER: it moves the address here
		Recorded assign = awaitRequests("POST", "/v2/reserved_ips/" + FLOATING_IP + "/actions", 1).get(0);
		assertThat(assign.headers()).containsEntry("authorization", "Bearer " + DO_TOKEN)
			.containsEntry("content-type", "application/json");
		assertThat(assign.body()).isEqualTo("{\"type\": \"assign\", \"droplet_id\": 424242}");
		awaitFloatingIpOnLo(true);

		// the application fails its health check: the server gives the address up ...
		health.set(503);
		awaitFloatingIpOnLo(false);
		// ... and takes it back, with a new move, when it is healthy again
		health.set(200);
		awaitRequests("POST", "/v2/reserved_ips/" + FLOATING_IP + "/actions", 2);
		awaitFloatingIpOnLo(true);

		// a second run changes nothing but the service task: Debian's keepalived init script has no "status", so
		// without systemd (as on this host) Ansible cannot see that it runs and starts it again (a no-op)
		AnsiblePlaybook.Result second = run(digitalOcean());
		assertThat(second.exitCode()).as(second.output()).isZero();
		assertThat(changedTasks(second)).containsExactly("failover : Start keepalived at boot and now");
	}

	@Test
	void theMoveIsRetriedAndTheAwsElasticIpIsAssociatedWithASignedRequest() throws Exception {
		Map<String, Object> vars = digitalOcean();
		health.set(503);
		AnsiblePlaybook.Result digitalOcean = run(vars);
		assertThat(digitalOcean.exitCode()).as(digitalOcean.output()).isZero();
		// keepalived out of the way: here the script is run by hand
		Exec stopped = inHost("sh", "-c", "kill $(cat /run/keepalived.pid)");
		assertThat(stopped.exitCode()).as(stopped.output()).isZero();
		Awaitility.await("keepalived stopped").atMost(Duration.ofSeconds(20))
			.until(() -> inHost("pidof", "keepalived").exitCode() != 0);
		requests.clear();

		nextAnswers.add(503);
		Exec moved = inHost("/etc/keepalived/opsdeck/notify-master.sh");
		assertThat(moved.exitCode()).as(moved.output()).isZero();
		assertThat(moved.output()).contains("attempt 1 of 3 to move " + FLOATING_IP + " failed",
				FLOATING_IP + " moved here (attempt 2)");
		assertThat(requests("POST", "/v2/reserved_ips/" + FLOATING_IP + "/actions")).hasSize(2);

		nextAnswers.addAll(List.of(500, 500, 500));
		Exec failed = inHost("/etc/keepalived/opsdeck/notify-master.sh");
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.output()).contains("attempt 3 of 3 to move " + FLOATING_IP + " failed");

		Map<String, Object> aws = new HashMap<>(vars);
		aws.keySet().removeIf(key -> key.startsWith("failover_do_"));
		aws.put("cloud_provider", "aws");
		aws.put("aws_region", "eu-central-1");
		aws.put("failover_floating_ip", "198.51.100.7");
		aws.put("failover_aws_allocation_id", "eipalloc-0abc123");
		aws.put("failover_aws_instance_id", "i-0def456");
		aws.put("failover_aws_access_key_id", AWS_KEY_ID);
		aws.put("failover_aws_secret_access_key", AWS_SECRET);
		aws.put("failover_aws_api_url", apiUrl());
		AnsiblePlaybook.Result awsRun = run(aws);
		assertThat(awsRun.exitCode()).as(awsRun.output()).isZero();
		assertThat(awsRun.output()).doesNotContain(AWS_SECRET);
		assertThat(Files.readString(host.root().resolve("etc/keepalived/opsdeck/notify-master.sh")))
			.doesNotContain(AWS_SECRET)
			.doesNotContain(AWS_KEY_ID);

		Exec associated = inHost("/etc/keepalived/opsdeck/notify-master.sh");
		assertThat(associated.exitCode()).as(associated.output()).isZero();
		Recorded request = requests("POST", "/").get(0);
		assertThat(request.body()).isEqualTo("Action=AssociateAddress&Version=2016-11-15&AllocationId=eipalloc-0abc123"
				+ "&InstanceId=i-0def456&AllowReassociation=true");
		assertThat(request.headers()).containsEntry("content-type", "application/x-www-form-urlencoded");
		assertSignedForEc2(request, "eu-central-1");
	}

	private Map<String, Object> digitalOcean() {
		Map<String, Object> vars = new HashMap<>();
		vars.put("deploy_env", "staging");
		vars.put("cloud_provider", "digitalocean");
		vars.put("failover_enabled", true);
		vars.put("failover_floating_ip", FLOATING_IP);
		vars.put("failover_peers", List.of(host.peerAddress()));
		// the host has no default route (no network but the test): name its interface
		vars.put("failover_interface", "opkv" + INDEX + "n");
		vars.put("failover_priority", 150);
		vars.put("failover_vrrp_password", VRRP_PASSWORD);
		vars.put("failover_check_url", apiUrl() + "/health");
		vars.put("failover_check_interval", 1);
		vars.put("failover_check_timeout", 1);
		vars.put("failover_check_fall", 2);
		vars.put("failover_check_rise", 1);
		vars.put("failover_notify_attempts", 3);
		vars.put("failover_notify_retry_seconds", 0);
		vars.put("failover_do_token", DO_TOKEN);
		vars.put("failover_do_droplet_id", "424242");
		vars.put("failover_do_api_url", apiUrl());
		return vars;
	}

	private String apiUrl() {
		return "http://" + host.peerAddress() + ":" + api.getAddress().getPort();
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String path = exchange.getRequestURI().getPath();
		int status;
		String answer;
		if (path.equals("/health")) {
			status = health.get();
			answer = "";
		}
		else {
			Map<String, String> headers = new HashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
			requests.add(new Recorded(exchange.getRequestMethod(), path, headers, body));
			Integer next = nextAnswers.poll();
			status = (next != null) ? next : path.startsWith("/v2/") ? 201 : 200;
			answer = path.startsWith("/v2/") ? "{\"action\":{\"id\":1,\"status\":\"in-progress\",\"type\":\"assign_ip\"}}"
					: "<AssociateAddressResponse><return>true</return></AssociateAddressResponse>";
		}
		byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private List<Recorded> requests(String method, String path) {
		return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
	}

	private List<Recorded> awaitRequests(String method, String path, int count) {
		Awaitility.await(count + " " + method + " " + path)
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> requests(method, path).size() >= count);
		return requests(method, path);
	}

	private void awaitFloatingIpOnLo(boolean present) {
		Awaitility.await(FLOATING_IP + (present ? " on lo" : " off lo"))
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> inHost("ip", "-o", "addr", "show", "dev", "lo").output().contains(FLOATING_IP + "/32") == present);
	}

	/** Recomputes the request's AWS Signature Version 4 (service ec2) from the test's secret and compares. */
	private void assertSignedForEc2(Recorded request, String region) throws Exception {
		String authorization = request.headers().get("authorization");
		Matcher auth = Pattern
			.compile("AWS4-HMAC-SHA256 Credential=" + AWS_KEY_ID + "/(\\d{8})/" + region
					+ "/ec2/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})")
			.matcher(authorization);
		assertThat(auth.matches()).as(authorization).isTrue();
		String amzDate = request.headers().get("x-amz-date");
		assertThat(amzDate).startsWith(auth.group(1));
		StringBuilder canonicalHeaders = new StringBuilder();
		for (String name : auth.group(2).split(";")) {
			canonicalHeaders.append(name).append(':').append(request.headers().get(name).strip()).append('\n');
		}
		String canonicalRequest = String.join("\n", request.method(), request.path(), "", canonicalHeaders.toString(),
				auth.group(2), sha256Hex(request.body().getBytes(StandardCharsets.UTF_8)));
		String scope = auth.group(1) + "/" + region + "/ec2/aws4_request";
		String toSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope,
				sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
		byte[] key = hmac(("AWS4" + AWS_SECRET).getBytes(StandardCharsets.UTF_8), auth.group(1));
		key = hmac(hmac(hmac(key, region), "ec2"), "aws4_request");
		assertThat(HexFormat.of().formatHex(hmac(key, toSign))).isEqualTo(auth.group(3));
	}

	private static byte[] hmac(byte[] key, String data) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
	}

	private static String sha256Hex(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	private AnsiblePlaybook.Result run(Map<String, Object> vars, String... arguments) throws IOException {
		// short: ssh's ControlPath (in this directory) must stay under 108 bytes
		Path runDirectory = Files.createDirectories(work.resolve("r" + runs++));
		return AnsiblePlaybook.run(PLAYBOOK, Map.of(host.name(), host.inventoryVars()), host.knownHosts(), vars,
				runDirectory, arguments);
	}

	private static List<String> changedTasks(AnsiblePlaybook.Result result) {
		List<String> tasks = new ArrayList<>();
		Matcher matcher = Pattern.compile("(?:TASK|RUNNING HANDLER) \\[(.+?)\\] \\**\\s+changed: ").matcher(result.output());
		while (matcher.find()) {
			tasks.add(matcher.group(1));
		}
		return tasks;
	}

	private static String mode(Path file) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
	}

	private record Exec(int exitCode, String output) {
	}

	/** Runs a command inside the host: its namespace (its network) and its root. */
	private Exec inHost(String... command) {
		List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", "opsdeck-prov-" + INDEX, "chroot",
				host.root().toString()));
		argv.addAll(List.of(command));
		try {
			Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			return new Exec(process.exitValue(), output);
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
