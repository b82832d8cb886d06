package io.opsdeck.schedules;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.RunFinished;
import io.opsdeck.execution.RunKind;
import io.opsdeck.execution.RunStatus;
import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;
import io.opsdeck.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A schedule's recovery policy through the real interrupted path: a fire whose run was executing on a node that
 * died (a {@code RUNNING} run of node {@code dead-node} whose heartbeat is an hour old) is marked
 * {@code INTERRUPTED} by this node's reaper, which announces it; {@code rerun} then starts the schedule's action once
 * more, once per fire, only within the recovery window; {@code none} records and notifies only.
 */
@IntegrationTest
class ScheduleRecoveryIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	private ApiClient api;

	private String environment;

	@BeforeEach
	void environmentWithALocalServer() {
		api = new ApiClient(port, IntegrationTest.ADMIN_TOKEN);
		environment = "recover-" + UUID.randomUUID().toString().substring(0, 8);
		Response env = api.post("/api/v1/environments",
				Map.of("name", environment, "kind", "staging", "cloudProvider", "aws", "region", "eu-central-1"));
		assertThat(env.status()).as(env.toString()).isEqualTo(201);
		Response server = api.post("/api/v1/servers", Map.of("name", environment + "-local", "host", "127.0.0.1",
				"username", "root", "environment", environment, "connection", "local"));
		assertThat(server.status()).as(server.toString()).isEqualTo(201);
	}

	@Test
	void rerunStartsTheActionOnceWhenTheFiresRunIsInterruptedWithinTheWindow() {
		String name = environment + " rerun";
		String scheduleId = schedule(name, "rerun", 60);
		assertThat(api.get("/api/v1/schedules/" + scheduleId).json().path("recoveryPolicy").asString())
			.isEqualTo("rerun");
		UUID lost = runOfADeadNode(scheduleId, name, Instant.now().minusSeconds(90));

		JsonNode fire = await("the reaper interrupts the run and the policy reruns it").atMost(Duration.ofSeconds(60))
			.until(() -> api.get("/api/v1/schedules/" + scheduleId + "/fires").json().path("items").get(0),
					f -> f.path("recoveryRunId").isString());
		String rerun = fire.path("recoveryRunId").asString();
		assertThat(fire.path("recoveryMessage").asString()).contains(lost.toString()).contains("rerun as run " + rerun);
		JsonNode interrupted = api.get("/api/v1/runs/" + lost).json();
		assertThat(interrupted.path("status").asString()).isEqualTo("INTERRUPTED");
		assertThat(interrupted.path("message").asString()).contains("dead-node");
		JsonNode started = api.get("/api/v1/runs/" + rerun).json();
		assertThat(started.path("triggeredBy").asString()).isEqualTo("schedule:" + name);
		assertThat(started.path("playbook").asString()).isEqualTo("health-check.yml");

		// the same interruption announced again (another node, a duplicate event) starts nothing more
		events.publishEvent(new RunFinished(lost, RunKind.ANSIBLE, RunStatus.INTERRUPTED, null, environment,
				"schedule:" + name, Duration.ofSeconds(30)));
		assertThat(jdbc.queryForObject("select count(*) from runs where triggered_by = ?", Long.class,
				"schedule:" + name)).as("the lost run and one rerun").isEqualTo(2);
		assertThat(jdbc.queryForObject("select count(*) from schedule_fires where schedule_id = ?::uuid", Long.class,
				scheduleId)).as("a rerun is no fire of its own").isEqualTo(1);
	}

	@Test
	void rerunAfterTheWindowAndPolicyNoneStartNothing() {
		String late = environment + " late";
		String lateId = schedule(late, "rerun", 60);
		UUID lateRun = runOfADeadNode(lateId, late, Instant.now().minus(Duration.ofMinutes(61)));
		String none = environment + " none";
		String noneId = schedule(none, null, null);
		assertThat(api.get("/api/v1/schedules/" + noneId).json().path("recoveryPolicy").asString()).isEqualTo("none");
		UUID noneRun = runOfADeadNode(noneId, none, Instant.now().minusSeconds(30));

		JsonNode fire = await("the late fire's interruption is recorded").atMost(Duration.ofSeconds(60))
			.until(() -> api.get("/api/v1/schedules/" + lateId + "/fires").json().path("items").get(0),
					f -> f.path("recoveryMessage").isString());
		assertThat(fire.path("recoveryMessage").asString()).contains("after the recovery window of 60 minutes");
		assertThat(fire.path("recoveryRunId").isNull()).isTrue();
		await("the none schedule's run is interrupted").atMost(Duration.ofSeconds(60))
			.until(() -> api.get("/api/v1/runs/" + noneRun).json().path("status").asString(), "INTERRUPTED"::equals);
		assertThat(api.get("/api/v1/runs/" + lateRun).json().path("status").asString()).isEqualTo("INTERRUPTED");
		JsonNode noneFire = api.get("/api/v1/schedules/" + noneId + "/fires").json().path("items").get(0);
		assertThat(noneFire.path("recoveryMessage").isNull()).as("none: nothing recorded, nothing started").isTrue();
		assertThat(jdbc.queryForObject("select count(*) from runs where triggered_by in (?, ?)", Long.class,
				"schedule:" + late, "schedule:" + none)).as("no rerun").isEqualTo(2);
	}

	@Test
	void aWrongRecoveryPolicyOrWindowIsA400NamingTheField() {
		Map<String, Object> body = body(environment + " bad", "sometimes", null);
		Response policy = api.post("/api/v1/schedules", body);
		assertThat(policy.status()).as(policy.toString()).isEqualTo(400);
		assertThat(policy.json().path("errors").get(0).path("field").asString()).isEqualTo("recoveryPolicy");
		Response window = api.post("/api/v1/schedules", body(environment + " bad", "rerun", 0));
		assertThat(window.status()).as(window.toString()).isEqualTo(400);
		assertThat(window.json().path("errors").get(0).path("field").asString()).isEqualTo("recoveryWindowMinutes");
	}

	private String schedule(String name, String recoveryPolicy, Integer window) {
		Response created = api.post("/api/v1/schedules", body(name, recoveryPolicy, window));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private Map<String, Object> body(String name, String recoveryPolicy, Integer window) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("action", "health-check");
		body.put("environment", environment);
		body.put("cron", "0 0 3 1 1 ? 2099");
		body.put("timeZone", "UTC");
		if (recoveryPolicy != null) {
			body.put("recoveryPolicy", recoveryPolicy);
		}
		if (window != null) {
			body.put("recoveryWindowMinutes", window);
		}
		return body;
	}

	/**
	 * A fire of the schedule at {@code scheduledFor} whose run was executing on node {@code dead-node} when it died:
	 * {@code RUNNING}, its last heartbeat an hour ago. Run and fire go in one transaction: the heartbeat may interrupt
	 * the run at any moment, and the recovery policy looks the fire up when it does.
	 */
	private UUID runOfADeadNode(String scheduleId, String name, Instant scheduledFor) {
		UUID run = UUID.randomUUID();
		transactions.executeWithoutResult(status -> insertRunAndFire(scheduleId, name, scheduledFor, run));
		return run;
	}

	private void insertRunAndFire(String scheduleId, String name, Instant scheduledFor, UUID run) {
		jdbc.update("""
				insert into runs (id, kind, status, environment, playbook, parameters, triggered_by, created_at,
				                  started_at, timeout_seconds, node_id, heartbeat_at)
				values (?, 'ANSIBLE', 'RUNNING', ?, 'health-check.yml', '{}', ?, now() - interval '1 hour',
				        now() - interval '1 hour', 3600, 'dead-node', now() - interval '1 hour')""", run, environment,
				"schedule:" + name);
		jdbc.update("""
				insert into schedule_fires (id, schedule_id, scheduled_for, fired_at, manual, triggered_by, node,
				                            outcome, run_id)
				values (?, ?::uuid, ?, ?, false, ?, 'dead-node', 'STARTED', ?)""", UUID.randomUUID(), scheduleId,
				java.sql.Timestamp.from(scheduledFor), java.sql.Timestamp.from(scheduledFor), "schedule:" + name, run);
	}

}
