package io.opsdeck.schedules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.OpsdeckProcess;
import io.opsdeck.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Schedules on a real Quartz cluster: Opsdeck nodes as operating system processes of their own
 * ({@link OpsdeckProcess}) on one Debian PostgreSQL 15 ({@link PostgresServer}), killed with {@code kill -9} or
 * stopped with {@code SIGTERM} like real machines. Issue 4's required tests: 50 triggers due within a minute each
 * start exactly one run across two nodes, and the survivor fires the rest when one is killed; a fire missed while
 * the only node was down fires once at start-up (fire-once) or not at all (skip), however many fire times were
 * missed. Node logs and the measured timings go to {@code target/cluster-tests/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIntegrationTests {

	private static final Path OUTPUT = Path.of("target/cluster-tests");

	private static final Duration STARTUP = Duration.ofSeconds(180);

	private static final int SCHEDULES = 50;

	private static final String MISFIRE_DB = "misfire";

	/**
	 * A 3-second misfire threshold keeps the test short yet leaves a loaded machine room to fire on time; a 5 s
	 * minimum interval allows a 10-second schedule.
	 */
	private static final Map<String, String> MISFIRE_SETTINGS = Map.of(
			"spring.quartz.properties.org.quartz.jobStore.misfireThreshold", "3000",
			"opsdeck.schedules.minimum-interval", "5s");

	private PostgresServer postgres;

	private final List<OpsdeckProcess> nodes = new ArrayList<>();

	/** The misfire test's first node, started early (see {@link #misfireNode()}). */
	private OpsdeckProcess misfireNode;

	@BeforeAll
	void startPostgres() throws IOException {
		assumeTrue(PostgresServer.isAvailable(), "needs Debian PostgreSQL 15, runuser and root");
		Files.createDirectories(OUTPUT);
		postgres = PostgresServer.start("127.0.0.70");
	}

	@AfterEach
	void stopNodes() {
		nodes.forEach(OpsdeckProcess::close);
		nodes.clear();
	}

	@AfterAll
	void stopPostgres() {
		if (misfireNode != null) {
			misfireNode.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	/**
	 * Two nodes, 50 one-shot health-check schedules spread over 44 seconds; after 20 fires node A is killed.
	 * Every schedule fires exactly once, for its own time, and starts exactly one run; fires happen on both nodes; node
	 * B fires everything after the kill (the trigger node A had acquired when it died fires once node B has declared
	 * it failed: measured, about 8 s late with a 1 s check-in interval). Then a job that a dead node
	 * left executing is recovered by Quartz: it starts its run when its fire was not recorded, and nothing when it
	 * was.
	 */
	@Test
	@Order(1)
	void fiftyTriggersStartOneRunEachAcrossTwoNodesAndTheSurvivorFiresTheRestWhenOneIsKilled() {
		String db = "cluster";
		postgres.createDatabase(db);
		// one run at a time per node: 50 health checks on a 2-core machine would otherwise starve the schedulers
		Map<String, String> settings = Map.of("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval",
				"1000", "opsdeck.runs.max-concurrent", "1");
		Instant starting = Instant.now();
		OpsdeckProcess a = node("node-a", "127.0.0.71", db, settings);
		OpsdeckProcess b = node("node-b", "127.0.0.72", db, settings);
		a.awaitReady(STARTUP);
		b.awaitReady(STARTUP);
		measure("two nodes started in parallel, ready after %d s", seconds(starting, Instant.now()));
		createEnvironmentWithLocalServer(b.api(), "cluster");

		Instant first = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
		Map<String, Instant> due = new LinkedHashMap<>();
		for (int i = 0; i < SCHEDULES; i++) {
			String name = String.format("cluster-%02d", i);
			Instant at = first.plusMillis(i * 900L).truncatedTo(ChronoUnit.SECONDS);
			assertThat(Instant.now()).as("schedule %s is created before its fire time", name).isBefore(at);
			Response created = ((i % 2 == 0) ? a : b).api().post("/api/v1/schedules", oneShot(name, "health-check",
					"cluster", at, "fire-once"));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			due.put(name, at);
		}
		measure("50 schedules created; first due %s, last due %s (%d s spread)", first, due.get("cluster-49"),
				seconds(first, due.get("cluster-49")));
		misfireNode();

		Supplier<String> logs = () -> "\n--- node-a ---\n" + a.logTail(60) + "\n--- node-b ---\n" + b.logTail(60);
		await("20 fires").atMost(Duration.ofSeconds(90))
			.until(() -> count("select count(*) from schedule_fires", db) >= 20);
		a.kill();
		Instant killed = Instant.now();
		// counted after the kill: a fire node-a committed between a count and the kill would be miscounted as
		// node-b's (seen once in CI: 28 instead of 29)
		Map<String, Long> beforeKill = firesByNode(db);
		measure("node-a killed (kill -9) at %s after %s fires", killed, beforeKill);
		assertThat(beforeKill).as("both nodes fired before the kill%s", logs.get())
			.containsKeys("node-a", "node-b");

		await("node-b declares node-a failed").atMost(Duration.ofSeconds(60))
			.until(() -> count("select count(*) from qrtz_scheduler_state where instance_name = 'node-a'", db) == 0);
		measure("node-b recovered node-a's Quartz state %d ms after the kill (check-in interval 1000 ms)",
				Duration.between(killed, Instant.now()).toMillis());
		await("all 50 fired").atMost(Duration.between(Instant.now(), due.get("cluster-49")).plusSeconds(90))
			.until(() -> count("select count(*) from schedule_fires", db) >= SCHEDULES);

		List<List<String>> perSchedule = postgres.sql(db, """
				select s.name, count(f.id), count(f.run_id), min(f.outcome),
				       (extract(epoch from min(f.scheduled_for)) * 1000)::bigint,
				       (select count(*) from runs r where r.triggered_by = 'schedule:' || s.name),
				       count(r.id)
				  from schedules s
				  left join schedule_fires f on f.schedule_id = s.id
				  left join runs r on r.id = f.run_id and r.triggered_by = 'schedule:' || s.name
				 group by s.name order by s.name""");
		assertThat(perSchedule).as("one row per schedule").hasSize(SCHEDULES);
		String tails = logs.get();
		for (List<String> row : perSchedule) {
			String name = row.get(0);
			assertThat(row.get(1)).as("%s: exactly one fire%s", name, tails).isEqualTo("1");
			assertThat(row.get(2)).as("%s: the fire started a run", name).isEqualTo("1");
			assertThat(row.get(3)).as("%s: outcome", name).isEqualTo("STARTED");
			assertThat(Instant.ofEpochMilli(Long.parseLong(row.get(4)))).as("%s: fired for its own time", name)
				.isEqualTo(due.get(name));
			assertThat(row.get(5)).as("%s: exactly one run triggered by schedule:%s", name, name).isEqualTo("1");
			assertThat(row.get(6)).as("%s: the fire's run is that run", name).isEqualTo("1");
		}
		assertThat(count("select count(*) from runs where triggered_by like 'schedule:cluster-%'", db))
			.as("no run without a fire").isEqualTo(SCHEDULES);
		Map<String, Long> afterKill = firesByNode(db);
		assertThat(afterKill.getOrDefault("node-b", 0L) - beforeKill.getOrDefault("node-b", 0L))
			.as("node-b fired everything after the kill").isEqualTo(SCHEDULES - beforeKill.values().stream()
				.mapToLong(Long::longValue).sum());
		measure("fires per node at the end: %s", afterKill);
		measure("lateness (fired_at - scheduled_for) per node, ms: %s", postgres.sql(db, """
				select node, count(*), round(avg(extract(epoch from fired_at - scheduled_for)) * 1000),
				       round(max(extract(epoch from fired_at - scheduled_for)) * 1000)
				  from schedule_fires group by node order by node"""));
		measure("fires more than 2 s late (node-b firing the trigger node-a held when it died): %s", postgres.sql(db, """
				select s.name, f.node, round(extract(epoch from f.fired_at - f.scheduled_for) * 1000)
				  from schedule_fires f join schedules s on s.id = f.schedule_id
				 where f.fired_at - f.scheduled_for > interval '2 seconds' order by s.name"""));
		measure("runs by node and status when all had fired: %s", postgres.sql(db,
				"select coalesce(node_id, '-'), status, count(*) from runs group by 1, 2 order by 1, 2"));

		recoveredJobStartsItsRunOnlyWhenItsFireWasNotRecorded(db, b, due, killed);
	}

	/**
	 * Quartz's recovery of a job that a dead node left executing ({@code requestsRecovery}): a fake node
	 * {@code node-ghost} that stopped checking in a minute ago, with two jobs in {@code qrtz_fired_triggers}. For
	 * {@code cluster-00} the fire was recorded (the node died after its transaction committed): the recovered job
	 * finds the record and starts nothing. For a schedule whose fire was not recorded (the node died before it
	 * committed), the recovered job fires it once, for its original time. A real {@code kill -9} almost never lands in
	 * that millisecond window, hence the staged rows.
	 */
	private void recoveredJobStartsItsRunOnlyWhenItsFireWasNotRecorded(String db, OpsdeckProcess survivor,
			Map<String, Instant> due, Instant killed) {
		Response created = survivor.api().post("/api/v1/schedules", schedule("cluster-recovered", "health-check",
				"cluster", "0 0 3 1 1 ? 2099", "fire-once"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String recovered = created.json().path("id").asString();
		String fired = postgres.value(db, "select id from schedules where name = 'cluster-00'");
		long lost = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
		long now = Instant.now().toEpochMilli();
		postgres.sql(db, "insert into qrtz_scheduler_state values ('opsdeck', 'node-ghost', " + (now - 60_000)
				+ ", 1000);\n" + firedTrigger("ghost-1", fired, due.get("cluster-00").toEpochMilli())
				+ firedTrigger("ghost-2", recovered, lost));

		await("node-b recovers node-ghost's jobs").atMost(Duration.ofSeconds(60)).until(() -> count("""
				select (select count(*) from qrtz_scheduler_state where instance_name = 'node-ghost')
				     + (select count(*) from qrtz_fired_triggers where instance_name = 'node-ghost')
				     + (select count(*) from qrtz_triggers where trigger_group = 'RECOVERING_JOBS')
				     + (select count(*) from qrtz_fired_triggers where trigger_group = 'RECOVERING_JOBS')
				""", db) == 0 && count("select count(*) from schedule_fires where schedule_id = '" + recovered + "'", db) > 0);

		assertThat(postgres.sql(db, "select (extract(epoch from scheduled_for) * 1000)::bigint, node, outcome, "
				+ "(select count(*) from runs where triggered_by = 'schedule:cluster-recovered') from schedule_fires "
				+ "where schedule_id = '" + recovered + "'"))
			.as("the lost fire ran once, on node-b, for its original time%s", survivor.logTail(40))
			.containsExactly(List.of(String.valueOf(lost), "node-b", "STARTED", "1"));
		assertThat(postgres.sql(db, "select (select count(*) from schedule_fires where schedule_id = '" + fired
				+ "'), (select count(*) from runs where triggered_by = 'schedule:cluster-00')"))
			.as("the recorded fire started nothing twice").containsExactly(List.of("1", "1"));
		await("node-b logs the recovered fire it did not repeat").atMost(Duration.ofSeconds(10))
			.until(() -> survivor.logTail(200).contains("Schedule 'cluster-00': the fire at " + due.get("cluster-00")
					+ " was already performed on node node-"));
		measure("runs by node and status %d s after the kill: %s", seconds(killed, Instant.now()), postgres.sql(db,
				"select coalesce(node_id, '-'), status, count(*) from runs group by 1, 2 order by 1, 2"));
	}

	/**
	 * One node, alone on its database, stopped with {@code SIGTERM} across the fire time of three one-shot schedules
	 * and several fire times of a schedule firing every 10 seconds; restarted, with a misfire threshold of 3 s. The
	 * fire-once drill and health check fire once (the drill, on an environment without drill settings, is recorded as
	 * {@code SKIPPED}: one fire row all the same), the skip drill does not fire, and the 10-second schedule fires once
	 * for all the times it missed and then goes on at its cron times.
	 */
	@Test
	@Order(2)
	void aFireMissedWhileTheNodeWasDownFiresOnceAtStartUpAndASkipScheduleNotAtAll() {
		String db = MISFIRE_DB;
		OpsdeckProcess before = misfireNode().awaitReady(STARTUP);
		measure("node-c1 ready %d s after it was started", seconds(before.started(), Instant.now()));
		ApiClient api = before.api();
		createEnvironmentWithLocalServer(api, "misfire");
		Response every10s = api.post("/api/v1/schedules", schedule("misfire-every-10s", "drill", "misfire",
				"0/10 * * * * ?", "fire-once"));
		assertThat(every10s.status()).as(every10s.toString()).isEqualTo(201);
		String repeating = every10s.json().path("id").asString();
		Instant at = Instant.now().plusSeconds(16).truncatedTo(ChronoUnit.SECONDS);
		for (String[] s : new String[][] { { "misfire-drill", "drill", "fire-once" },
				{ "misfire-health", "health-check", "fire-once" }, { "misfire-skip", "drill", "skip" } }) {
			Response created = api.post("/api/v1/schedules", oneShot(s[0], s[1], "misfire", at, s[2]));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
		}
		await("the 10-second schedule fires while the node is up").atMost(Duration.ofSeconds(30))
			.until(() -> count("select count(*) from schedule_fires where schedule_id = '" + repeating + "'", db) > 0);
		Instant stopping = Instant.now();
		before.stop(Duration.ofSeconds(60));
		Instant stopped = Instant.now();
		measure("node-c1 stopped (SIGTERM) in %d ms", Duration.between(stopping, stopped).toMillis());
		assertThat(stopped).as("the node stopped before the one-shot fire time %s (slow machine?)", at).isBefore(at);
		Instant lastBeforeStop = Instant.ofEpochMilli(count("select (extract(epoch from max(scheduled_for)) * 1000)"
				+ "::bigint from schedule_fires where schedule_id = '" + repeating + "'", db));
		// down past the one-shots' time by more than the misfire threshold, and across at least two 10-second marks
		// even if the restart is quick
		Instant restartAfter = Collections.max(List.of(at.plusSeconds(4), lastBeforeStop.plusSeconds(21)));
		await("the fire times pass while the node is down").atMost(Duration.ofSeconds(40))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Instant.now().isAfter(restartAfter));

		Instant restarting = Instant.now();
		OpsdeckProcess after = node("node-c2", "127.0.0.73", db, MISFIRE_SETTINGS);
		await("the missed fires after the restart").atMost(STARTUP)
			.failFast("node-c2 is running", after::assertAlive)
			.until(() -> count("select count(*) from schedule_fires f join schedules s on s.id = f.schedule_id "
					+ "where s.name in ('misfire-drill', 'misfire-health')", db) == 2
					&& count("select count(*) from schedule_fires where schedule_id = '" + repeating
							+ "' and scheduled_for > '" + lastBeforeStop + "'", db) >= 2);
		after.awaitReady(STARTUP);
		String log = "\n--- node-c2 ---\n" + after.logTail(40);
		measure("node-c2 started %d s after the stop; the missed fires came %d s after its start",
				seconds(stopped, restarting), seconds(restarting, Instant.now()));

		assertThat(postgres.sql(db, "select s.name, f.outcome, f.node, f.scheduled_for > '" + at + "', f.message "
				+ "from schedule_fires f join schedules s on s.id = f.schedule_id where s.name like 'misfire-%' "
				+ "and s.name <> 'misfire-every-10s' order by s.name"))
			.as("fire-once: one fire each, after the restart; skip: none%s", log)
			.satisfiesExactly(
					drill -> assertThat(drill.subList(0, 4)).containsExactly("misfire-drill", "SKIPPED", "node-c2", "t"),
					health -> assertThat(health.subList(0, 4)).containsExactly("misfire-health", "STARTED", "node-c2",
							"t"));
		assertThat(postgres.value(db, "select count(*) from runs where triggered_by = 'schedule:misfire-health'"))
			.as("exactly one run").isEqualTo("1");
		assertThat(postgres.value(db, "select t.trigger_state from qrtz_triggers t join schedules s on "
				+ "t.trigger_name = s.id::text where s.name = 'misfire-skip'"))
			.as("the skipped one-shot trigger is done, not waiting to fire").isIn(null, "COMPLETE");

		List<Instant> fires = postgres.sql(db, "select (extract(epoch from scheduled_for) * 1000)::bigint from "
				+ "schedule_fires where schedule_id = '" + repeating + "' and scheduled_for > '" + lastBeforeStop
				+ "' order by scheduled_for").stream().map(r -> Instant.ofEpochMilli(Long.parseLong(r.get(0)))).toList();
		Instant caughtUp = fires.get(0);
		long missed = Duration.between(lastBeforeStop, caughtUp).toSeconds() / 10;
		measure("the 10-second schedule missed %d fire times while down (last fire before the stop %s); fires after "
				+ "the restart: %s", missed, lastBeforeStop, fires);
		assertThat(missed).as("the node was down across several fire times").isGreaterThanOrEqualTo(2);
		assertThat(caughtUp.toEpochMilli() % 10_000).as("the first fire after the restart is the catch-up fire, for "
				+ "the moment Quartz handled the misfire, not a missed cron time%s", log).isNotZero();
		assertThat(fires.get(1).toEpochMilli() % 10_000).as("then the cron's 10-second marks%s", log).isZero();
		assertThat(fires.get(1)).as("... from the first one after the catch-up fire")
			.isAfter(caughtUp).isBefore(caughtUp.plusSeconds(10));
		assertThat(count("select count(*) from schedule_fires where schedule_id = '" + repeating
				+ "' and scheduled_for > '" + lastBeforeStop + "' and scheduled_for < '" + fires.get(1) + "'", db))
			.as("one fire for all %d missed times, not one per missed time", missed).isEqualTo(1);
	}

	/**
	 * The misfire test's first node on its own database, started once: the cluster test starts it while it waits
	 * for its fires, so the two start-ups overlap with waiting rather than with each other.
	 */
	private OpsdeckProcess misfireNode() {
		if (misfireNode == null) {
			postgres.createDatabase(MISFIRE_DB);
			misfireNode = node("node-c1", "127.0.0.73", MISFIRE_DB, MISFIRE_SETTINGS);
			nodes.remove(misfireNode);
		}
		return misfireNode;
	}

	private OpsdeckProcess node(String name, String host, String db, Map<String, String> settings) {
		Map<String, String> properties = new LinkedHashMap<>(settings);
		properties.put("spring.quartz.properties.org.quartz.scheduler.instanceId", name);
		properties.put("logging.level.org.quartz", "info");
		OpsdeckProcess node = OpsdeckProcess.start(name, host, postgres.jdbcUrl(db), OUTPUT, properties);
		nodes.add(node);
		return node;
	}

	private static void createEnvironmentWithLocalServer(ApiClient api, String environment) {
		Response env = api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "eu-central-1"));
		assertThat(env.status()).as(env.toString()).isEqualTo(201);
		Response server = api.post("/api/v1/servers", Map.of("name", environment + "-local", "host", "127.0.0.1",
				"username", "root", "environment", environment, "connection", "local"));
		assertThat(server.status()).as(server.toString()).isEqualTo(201);
	}

	private static Map<String, Object> schedule(String name, String action, String environment, String cron,
			String misfirePolicy) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("action", action);
		body.put("environment", environment);
		body.put("cron", cron);
		body.put("timeZone", "UTC");
		body.put("misfirePolicy", misfirePolicy);
		return body;
	}

	/** A schedule that fires once, at {@code at} (whole seconds): a cron expression with a year field. */
	private static Map<String, Object> oneShot(String name, String action, String environment, Instant at,
			String misfirePolicy) {
		ZonedDateTime t = at.atZone(ZoneOffset.UTC);
		return schedule(name, action, environment, t.getSecond() + " " + t.getMinute() + " " + t.getHour() + " "
				+ t.getDayOfMonth() + " " + t.getMonthValue() + " ? " + t.getYear(), misfirePolicy);
	}

	private static String firedTrigger(String entry, String scheduleId, long scheduledMillis) {
		return "insert into qrtz_fired_triggers values ('opsdeck', '" + entry + "', '" + scheduleId
				+ "', 'schedules', 'node-ghost', " + scheduledMillis + ", " + scheduledMillis + ", 5, 'EXECUTING', '"
				+ scheduleId + "', 'schedules', false, true);\n";
	}

	private long count(String sql, String db) {
		return Long.parseLong(postgres.value(db, sql));
	}

	private Map<String, Long> firesByNode(String db) {
		return postgres.sql(db, "select node, count(*) from schedule_fires group by node order by node")
			.stream()
			.collect(Collectors.toMap(r -> r.get(0), r -> Long.parseLong(r.get(1)), (x, y) -> x, LinkedHashMap::new));
	}

	private static long seconds(Instant from, Instant to) {
		return Duration.between(from, to).toSeconds();
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
