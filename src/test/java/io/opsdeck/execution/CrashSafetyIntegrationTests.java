package io.opsdeck.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.Concurrently;
import io.opsdeck.support.LocalResources;
import io.opsdeck.support.OpsdeckProcess;
import io.opsdeck.support.PostgresServer;
import io.opsdeck.support.SseStream;
import io.opsdeck.support.SshdExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Crash safety on real processes (issue 7): two Opsdeck nodes as JVMs of their own ({@link OpsdeckProcess}) on one
 * Debian PostgreSQL 15 ({@link PostgresServer}), SSH runs to a real sshd that print numbered lines slowly and record
 * on the target when they printed each line. Proven here: the environment lock holds across nodes (409 naming the
 * holder); a PostgreSQL restart during a run loses nothing and interrupts nothing, and health says DEGRADED meanwhile;
 * a run started on node A is watched live on node B; {@code kill -9} of node A leaves the run {@code INTERRUPTED}
 * (by node B, within {@code stale-after + heartbeat-interval}) with its log intact up to the crash, and the
 * restarted node resurrects nothing; {@code SIGTERM} lets a run finish up to {@code shutdown-grace}, then stops it
 * cleanly with its output stored. Measurements go to {@code target/crash-tests/measurements.txt}.
 * <p>
 * Node settings: heartbeat 2 s and stale-after 10 s (bound 12 s instead of the default 35 s, to keep the test short);
 * a 1-hour poll interval, so each node executes only the runs launched through it (they are dispatched at once
 * where they were queued) and the test knows which node runs what.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyIntegrationTests {

	private static final Path OUTPUT = Path.of("target/crash-tests");

	private static final Duration STARTUP = Duration.ofSeconds(180);

	private static final Duration HEARTBEAT = Duration.ofSeconds(2);

	private static final Duration STALE_AFTER = Duration.ofSeconds(10);

	/** What the test grants a loaded 2-core machine on top of a documented bound. */
	private static final Duration SLACK = Duration.ofSeconds(4);

	/** The output flush interval (OutputService): the most output a crash may lose. */
	private static final Duration FLUSH_INTERVAL = Duration.ofMillis(250);

	/** Time a line needs from the target's shell to the node's memory (sshd, TCP, sshj) on a loaded machine. */
	private static final Duration TRANSPORT = Duration.ofMillis(1000);

	private static final Pattern NUMBERED = Pattern.compile("^line (\\d+)$");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final SshdExtension sshd = SshdExtension.on("127.0.0.152").skippedWithoutSshd();

	private PostgresServer postgres;

	private ServerSocket blackHole;

	private Path targetFiles;

	private OpsdeckProcess a;

	private OpsdeckProcess b;

	private String serverId;

	@BeforeAll
	void start() throws IOException {
		assumeTrue(PostgresServer.isAvailable(), "needs Debian PostgreSQL 15, runuser and root");
		Files.createDirectories(OUTPUT);
		Files.deleteIfExists(OUTPUT.resolve("measurements.txt"));
		targetFiles = Files.createTempDirectory("opsdeck-crash-target-");
		postgres = PostgresServer.start("127.0.0.151");
		postgres.createDatabase("crash");
		a = node("node-a", "127.0.0.154");
		b = node("node-b", "127.0.0.155");
		// accepts TCP connections (the kernel's backlog) and never answers: an SSH host-key check waits there
		blackHole = new ServerSocket();
		blackHole.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.153"), 0), 50);
		Instant starting = Instant.now();
		a.awaitReady(STARTUP);
		b.awaitReady(STARTUP);
		measure("nodes A and B ready %d s after their start", Duration.between(starting, Instant.now()).toSeconds());
		ApiClient api = a.api();
		Map<String, Object> credential = Map.of("name", "crash-key", "type", "ssh-key", "privateKey",
				sshd.server().clientPrivateKey());
		String credentialId = created(api.post("/api/v1/credentials", credential)).path("id").asString();
		for (String environment : List.of("crash", "locked")) {
			created(api.post("/api/v1/environments", Map.of("name", environment, "kind", "staging", "cloudProvider",
					"aws", "region", "eu-central-1")));
		}
		serverId = created(api.post("/api/v1/servers",
				server("crash-target", "crash", sshd.server().host(), sshd.server().port(), credentialId)))
			.path("id")
			.asString();
		created(api.post("/api/v1/servers", server("locked-target", "locked", "127.0.0.153",
				blackHole.getLocalPort(), credentialId)));
	}

	private Map<String, Object> server(String name, String environment, String host, int port, String credentialId) {
		Map<String, Object> server = new LinkedHashMap<>();
		server.put("name", name);
		server.put("host", host);
		server.put("port", port);
		server.put("username", sshd.server().username());
		server.put("environment", environment);
		server.put("credentialId", credentialId);
		server.put("hostKeyPolicy", "strict");
		server.put("hostKeyFingerprint", sshd.server().hostKeyFingerprint());
		return server;
	}

	@AfterAll
	void stop() throws IOException {
		for (AutoCloseable closeable : new AutoCloseable[] { a, b, blackHole, postgres }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// best effort
				}
			}
		}
		if (targetFiles != null) {
			LocalResources.deleteRecursively(targetFiles);
		}
	}

	/**
	 * The environment lock is a database constraint, not a node's memory: an update (an exclusive run) launched on
	 * both nodes at the same moment starts once, the loser and a later launch through the other node get 409 naming
	 * the run that holds the environment. The holder waits in its host-key check against a server that never answers.
	 */
	@Test
	@Order(1)
	void theEnvironmentLockHoldsAcrossNodes() {
		String path = "/api/v1/environments/locked/security-updates";
		Map<String, Object> update = Map.of("mode", "security");
		CompletableFuture<Response> onA = CompletableFuture.supplyAsync(() -> a.api().post(path, update),
				Concurrently.THREAD_PER_TASK);
		CompletableFuture<Response> onB = CompletableFuture.supplyAsync(() -> b.api().post(path, update),
				Concurrently.THREAD_PER_TASK);
		List<Response> both = List.of(onA.join(), onB.join());
		assertThat(both).as("one launch wins, the other is refused: %s", both)
			.extracting(Response::status)
			.containsExactlyInAnyOrder(201, 409);
		Response won = both.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
		String holder = won.json().path("runId").asString();
		Response lost = both.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
		assertThat(lost.json().path("detail").asString()).as("the race's loser is told the holder too")
			.contains(holder);
		OpsdeckProcess loserNode = (both.get(0) == won) ? b : a;
		Response again = loserNode.api().post(path, update);
		assertThat(again.status()).as(again.toString()).isEqualTo(409);
		assertThat(again.json().path("detail").asString()).as("the 409 names the holder")
			.contains(holder)
			.contains("triggered by");
		assertThat(postgres.value("crash", "select count(*) from runs where environment = 'locked'"))
			.as("one run").isEqualTo("1");
		Response cancelled = loserNode.api().post("/api/v1/runs/" + holder + "/cancel", Map.of());
		assertThat(cancelled.status()).as(cancelled.toString()).isLessThan(300);
		awaitEnd(loserNode, holder, Duration.ofSeconds(60));
	}

	/**
	 * Idempotency-Key across nodes: a CI retry through the other node returns the original run (the stored answer,
	 * {@code Idempotent-Replayed: true}), never a second one.
	 */
	@Test
	@Order(2)
	void anIdempotencyKeyRetryThroughTheOtherNodeReturnsTheOriginalRun() {
		String key = "ci-" + UUID.randomUUID();
		String body = "{\"kind\":\"ssh\",\"command\":\"echo idempotent\",\"servers\":[\"" + serverId + "\"]}";
		Response first = a.api().send(a.api().request("/api/v1/runs").header("Content-Type", "application/json")
			.header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
		Response retry = b.api().send(b.api().request("/api/v1/runs").header("Content-Type", "application/json")
			.header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(first.status()).as(first.toString()).isEqualTo(202);
		assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retry.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
		assertThat(postgres.value("crash", "select count(*) from runs where command = 'echo idempotent'"))
			.as("one run, not two").isEqualTo("1");
	}

	/**
	 * PostgreSQL stopped for 12 s (longer than {@code stale-after}) while node A runs a 250-line command watched
	 * through node B: both nodes answer health 503 {@code DEGRADED} meanwhile and 200 {@code UP} after; the run ends
	 * {@code SUCCEEDED} with all 250 lines stored once, in order; node B's viewer gets every line; nobody marks the
	 * run {@code INTERRUPTED} when the database is back (heartbeats resume before any node judges another); exactly
	 * one run exists.
	 */
	@Test
	@Order(3)
	void aPostgresRestartDuringARunLosesNothingAndInterruptsNothing() throws Exception {
		int lines = 250;
		Path record = targetFiles.resolve("outage.txt");
		long runsBefore = Long.parseLong(postgres.value("crash", "select count(*) from runs"));
		String run = launch(a, numberedLines(lines, record));
		try (SseStream viewer = SseStream.open(b.api(), "/api/v1/runs/" + run + "/events", null)) {
			await("30 lines printed").atMost(Duration.ofSeconds(60)).until(() -> printed(record).size() >= 30);
			Instant stopped = Instant.now();
			postgres.stop();
			int printedDuringOutage;
			try {
				measure("PostgreSQL stopped at line %d", printed(record).size());
				for (OpsdeckProcess node : List.of(a, b)) {
					await(node.name() + " health DEGRADED").atMost(Duration.ofSeconds(10))
						.pollInterval(Duration.ofMillis(250))
						.untilAsserted(() -> {
							Response health = anonymous(node).get("/actuator/health");
							assertThat(health.status()).isEqualTo(503);
							assertThat(health.body()).contains("DEGRADED");
						});
					assertThat(anonymous(node).get("/actuator/health/liveness").status()).as("alive").isEqualTo(200);
				}
				measure("both nodes answered /actuator/health 503 DEGRADED %d ms after the stop",
						Duration.between(stopped, Instant.now()).toMillis());
				await("the outage lasts 12 s").atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> Instant.now().isAfter(stopped.plusSeconds(12)));
				printedDuringOutage = printed(record).size();
			}
			finally {
				postgres.startAgain();
			}
			Instant back = Instant.now();
			measure("PostgreSQL started again after %d ms; the target had printed %d lines",
					Duration.between(stopped, back).toMillis(), printedDuringOutage);
			for (OpsdeckProcess node : List.of(a, b)) {
				await(node.name() + " health UP").atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> anonymous(node).get("/actuator/health").status() == 200);
			}
			measure("both nodes UP again %d ms after PostgreSQL was back", Duration.between(back, Instant.now())
				.toMillis());
			JsonNode finished = awaitEnd(b, run, Duration.ofSeconds(90));
			assertThat(finished.path("status").asString()).as("%s%s", finished, logs()).isEqualTo("SUCCEEDED");
			assertThat(finished.path("exitCode").asInt()).isZero();
			assertThat(numbers(storedLog(b, run))).as("every line stored once, in order").isEqualTo(range(1, lines));
			List<SseStream.Event> events = viewer.until("end", Duration.ofSeconds(60));
			assertThat(numbers(lineTexts(events))).as("node B's viewer got every line, in order")
				.isEqualTo(range(1, lines));
			assertThat(seqs(events)).as("no gap, no duplicate").isEqualTo(range(1, seqs(events).size()));
			assertThat(events.get(events.size() - 1).data()).contains("SUCCEEDED");
		}
		assertThat(Long.parseLong(postgres.value("crash", "select count(*) from runs")))
			.as("one run, not lost, not duplicated").isEqualTo(runsBefore + 1);
		assertThat(postgres.value("crash", "select count(*) from runs where status = 'INTERRUPTED'"))
			.as("no spurious INTERRUPTED after the database came back").isEqualTo("0");
	}

	/**
	 * A run started through node A, watched through node B's SSE, then node A killed with {@code kill -9}: node B's
	 * viewer gets the lines live, in order, without gaps; node B marks the run {@code INTERRUPTED} within
	 * {@code stale-after + heartbeat-interval}; the stored log holds every line the target printed up to the last flush
	 * before the kill, in order; node A restarted with the same node id leaves the run alone and starts nothing.
	 */
	@Test
	@Order(4)
	void aRunWatchedOnBSurvivesKillMinusNineOfAAsInterruptedWithItsLogAndARestartResurrectsNothing() throws Exception {
		Path record = targetFiles.resolve("killed.txt");
		String run = launch(a, numberedLines(100_000, record));
		Instant killed;
		List<SseStream.Event> live = new ArrayList<>();
		try (SseStream viewer = SseStream.open(b.api(), "/api/v1/runs/" + run + "/events", null)) {
			await("node B's viewer gets line 40").atMost(Duration.ofSeconds(60)).until(() -> {
				SseStream.Event event;
				while ((event = viewer.next(Duration.ofMillis(50))) != null) {
					live.add(event);
				}
				return numbers(lineTexts(live)).contains(40L);
			});
			Map<Long, Long> printedAt = printed(record);
			List<Long> lag = new ArrayList<>();
			for (SseStream.Event event : live) {
				if (event.name().equals("line")) {
					Matcher m = NUMBERED.matcher(JSON.readTree(event.data()).path("text").asString());
					if (m.matches() && printedAt.containsKey(Long.parseLong(m.group(1)))) {
						lag.add(event.receivedAtMillis() - printedAt.get(Long.parseLong(m.group(1))));
					}
				}
			}
			lag.sort(null);
			measure("live view across nodes: printed on the target -> received through node B's SSE, %d lines: "
					+ "median %d ms, max %d ms", lag.size(), lag.get(lag.size() / 2), lag.get(lag.size() - 1));
			assertThat(numbers(lineTexts(live))).as("live on node B, in order").isEqualTo(range(1,
					numbers(lineTexts(live)).size()));
			killed = Instant.now();
			a.kill();
			measure("node A killed (kill -9) at line %d", printed(record).size());
			JsonNode interrupted = awaitEnd(b, run, STALE_AFTER.plus(HEARTBEAT).plus(SLACK).plusSeconds(30));
			Duration markedAfter = Duration.between(killed, Instant.now());
			Instant finishedAt = Instant.parse(interrupted.path("finishedAt").asString());
			assertThat(finishedAt).as("the run ends at its last sign of life (heartbeat, stored output), not when "
					+ "node B marked it").isBefore(killed.plusSeconds(2)).isAfter(Instant.parse(interrupted
						.path("startedAt").asString()));
			measure("run INTERRUPTED by node B %d ms after the kill (bound: stale-after %d s + heartbeat %d s): %s",
					markedAfter.toMillis(), STALE_AFTER.toSeconds(), HEARTBEAT.toSeconds(),
					interrupted.path("message").asString());
			assertThat(interrupted.path("status").asString()).isEqualTo("INTERRUPTED");
			assertThat(markedAfter).as("within stale-after + heartbeat").isLessThan(STALE_AFTER.plus(HEARTBEAT)
				.plus(SLACK));
			live.addAll(viewer.until("end", Duration.ofSeconds(30)));
			assertThat(live.get(live.size() - 1).data()).contains("INTERRUPTED");
		}
		List<Long> stored = numbers(storedLog(b, run));
		assertThat(stored).as("the stored log is the target's lines from 1, in order").isEqualTo(range(1, stored.size()));
		Map<Long, Long> printedAt = printed(record);
		long cutoff = killed.toEpochMilli() - FLUSH_INTERVAL.toMillis() - TRANSPORT.toMillis();
		long mustHave = printedAt.entrySet().stream().filter(e -> e.getValue() < cutoff).mapToLong(Map.Entry::getKey)
			.max().orElse(0);
		long lastBeforeKill = printedAt.entrySet().stream().filter(e -> e.getValue() <= killed.toEpochMilli())
			.mapToLong(Map.Entry::getKey).max().orElse(0);
		measure("stored %d lines; the target printed %d before the kill; lost: %d lines (printed within %d ms before "
				+ "the kill)", stored.size(), lastBeforeKill, Math.max(0, lastBeforeKill - stored.size()),
				(stored.size() < lastBeforeKill) ? killed.toEpochMilli() - printedAt.get(stored.size() + 1L) : 0);
		assertThat((long) stored.size()).as("every line printed more than flush interval + transport before the kill")
			.isGreaterThanOrEqualTo(mustHave);
		assertThat(numbers(lineTexts(live))).as("what node B showed live is what was stored")
			.isEqualTo(stored.subList(0, numbers(lineTexts(live)).size()));

		String before = postgres.sql("crash", "select id, status, message, finished_at from runs order by id")
			.toString();
		Instant restarting = Instant.now();
		a.close();
		a = node("node-a", "127.0.0.156"); // assigned before the wait, so that stop() ends it when it is not ready
		a.awaitReady(STARTUP);
		measure("node A restarted (same node id) in %d s", Duration.between(restarting, Instant.now()).toSeconds());
		Instant ready = Instant.now();
		await("two heartbeats of the restarted node").atMost(HEARTBEAT.multipliedBy(4))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Instant.now().isAfter(ready.plus(HEARTBEAT.multipliedBy(2))));
		assertThat(postgres.sql("crash", "select id, status, message, finished_at from runs order by id").toString())
			.as("the restarted node changed no run and started none").isEqualTo(before);
	}

	/**
	 * {@code SIGTERM} to node A during a run: the node stops claiming, gives the run {@code shutdown-grace} (3 s
	 * here) to finish, then stops it: the run ends {@code INTERRUPTED} with a message, every line the target printed
	 * is stored, followed by Opsdeck's own line saying why it stopped; the node exits.
	 */
	@Test
	@Order(5)
	void sigtermLetsARunFinishUpToTheGraceThenStopsItCleanly() throws Exception {
		Path record = targetFiles.resolve("graceful.txt");
		String run = launch(a, numberedLines(100_000, record));
		await("20 lines printed").atMost(Duration.ofSeconds(60)).until(() -> printed(record).size() >= 20);
		Instant stopping = Instant.now();
		a.stop(Duration.ofSeconds(60));
		Duration stopTook = Duration.between(stopping, Instant.now());
		JsonNode ended = b.api().get("/api/v1/runs/" + run).json();
		measure("SIGTERM during a run: node A exited after %d ms (shutdown-grace 3 s); run %s: %s", stopTook.toMillis(),
				ended.path("status").asString(), ended.path("message").asString());
		assertThat(ended.path("status").asString()).as("%s", ended).isEqualTo("INTERRUPTED");
		assertThat(ended.path("message").asString()).contains("shut down");
		String log = storedLog(b, run);
		List<Long> stored = numbers(log);
		assertThat(stored).as("in order from 1").isEqualTo(range(1, stored.size()));
		assertThat((long) stored.size()).as("every line the target printed is stored")
			.isGreaterThanOrEqualTo(printed(record).size() - 1L);
		assertThat(log.strip()).as("Opsdeck's own last word").contains("shut down while the run was in progress");
		assertThat(stopTook).as("grace 3 s + kill grace 3 s + shutdown").isLessThan(Duration.ofSeconds(30));
	}

	// --- helpers

	private OpsdeckProcess node(String name, String host) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.quartz.properties.org.quartz.scheduler.instanceId", name);
		properties.put("opsdeck.runs.heartbeat-interval", HEARTBEAT.toSeconds() + "s");
		properties.put("opsdeck.runs.stale-after", STALE_AFTER.toSeconds() + "s");
		properties.put("opsdeck.runs.poll-interval", "1h");
		properties.put("opsdeck.runs.shutdown-grace", "3s");
		properties.put("opsdeck.runs.kill-grace", "3s");
		properties.put("opsdeck.ssh.connect-timeout", "8s");
		return OpsdeckProcess.start(name, host, postgres.jdbcUrl("crash"), OUTPUT, properties);
	}

	/**
	 * A command printing {@code line 1} to {@code line N}, ten a second, that appends {@code N <epoch ms>} to a file on
	 * the target after each line (the sshd runs on this machine, so the test reads it).
	 */
	private static String numberedLines(int count, Path record) {
		return "i=0; while [ $i -lt " + count + " ]; do i=$((i+1)); echo \"line $i\"; echo \"$i $(date +%s%3N)\" >> '"
				+ record + "'; sleep 0.1; done";
	}

	private String launch(OpsdeckProcess node, String command) {
		Response response = node.api().post("/api/v1/runs", Map.of("kind", "ssh", "command", command, "servers",
				List.of(serverId)));
		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		return response.json().path("id").asString();
	}

	private static Map<Long, Long> printed(Path record) throws IOException {
		Map<Long, Long> result = new LinkedHashMap<>();
		if (!Files.exists(record)) {
			return result;
		}
		for (String line : Files.readAllLines(record)) {
			String[] parts = line.split(" ");
			if (parts.length == 2) {
				result.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
			}
		}
		return result;
	}

	private JsonNode awaitEnd(OpsdeckProcess node, String run, Duration limit) {
		JsonNode[] last = new JsonNode[1];
		await("run " + run + " ends").atMost(limit).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
			last[0] = node.api().get("/api/v1/runs/" + run).json();
			return !List.of("QUEUED", "RUNNING").contains(last[0].path("status").asString());
		});
		return last[0];
	}

	private static String storedLog(OpsdeckProcess node, String run) {
		Response log = node.api().get("/api/v1/runs/" + run + "/log");
		assertThat(log.status()).as(log.toString()).isEqualTo(200);
		return log.body();
	}

	private static List<String> lineTexts(List<SseStream.Event> events) {
		return events.stream()
			.filter(e -> e.name().equals("line"))
			.map(e -> JSON.readTree(e.data()).path("text").asString())
			.toList();
	}

	private static List<Long> seqs(List<SseStream.Event> events) {
		return events.stream().filter(e -> e.name().equals("line")).map(e -> Long.parseLong(e.id())).toList();
	}

	private static List<Long> numbers(String log) {
		return numbers(List.of(log.split("\n")));
	}

	/** @return the numbers of the {@code line N} lines, in order; other lines (Opsdeck's own) are left out */
	private static List<Long> numbers(List<String> texts) {
		List<Long> numbers = new ArrayList<>();
		for (String text : texts) {
			Matcher m = NUMBERED.matcher(text.strip());
			if (m.matches()) {
				numbers.add(Long.parseLong(m.group(1)));
			}
		}
		return numbers;
	}

	private static List<Long> range(long from, long to) {
		List<Long> range = new ArrayList<>();
		for (long i = from; i <= to; i++) {
			range.add(i);
		}
		return range;
	}

	/** Health as a load balancer asks: without a token (a token would need the database to be checked). */
	private static ApiClient anonymous(OpsdeckProcess node) {
		return new ApiClient(node.api().baseUrl(), null);
	}

	private static JsonNode created(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private String logs() {
		return "\n--- node-a ---\n" + a.logTail(40) + "\n--- node-b ---\n" + b.logTail(40);
	}

	private static void measure(String format, Object... args) {
		String line = Instant.now() + " " + String.format(format, args);
		System.out.println(line);
		try {
			Files.writeString(OUTPUT.resolve("measurements.txt"), line + "\n", StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
