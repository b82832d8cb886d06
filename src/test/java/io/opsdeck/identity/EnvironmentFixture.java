package io.opsdeck.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.support.ApiClient;
import io.opsdeck.support.ApiClient.Response;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One environment with one thing of each environment-specific kind, for the access tests: the environment, a server
 * (port 1 of 127.0.0.131: nothing listens, so anything that reaches it fails at once), a paused drill schedule, a
 * finished Ansible run, a finished drill of that run and an approval request already decided (approving or rejecting
 * it again changes nothing: 409).
 */
final class EnvironmentFixture {

	private EnvironmentFixture() {
	}

	/**
	 * @param admin an admin's API client
	 * @param jdbc the test database
	 * @param environment name of the environment to create
	 * @param credentialId the SSH key credential the server uses
	 * @param label marks the rows (playbook {@code <label>.yml}, approval summary and reason)
	 * @return ids by {@code RequiresEnvironmentRole} resolver name: {@code environment} (its name), {@code server},
	 * {@code schedule}, {@code run}, {@code drill}, {@code approval}
	 */
	static Map<String, String> create(ApiClient admin, JdbcTemplate jdbc, String environment, String credentialId,
			String label) {
		Response created = admin.post("/api/v1/environments", Map.of("name", environment, "kind", "development",
				"cloudProvider", "aws", "region", "eu-central-1"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Response server = admin.post("/api/v1/servers",
				Map.of("name", environment + "-web", "host", "127.0.0.131", "port", 1, "username", "root",
						"environment", environment, "connection", "ssh", "hostKeyPolicy", "trust-on-first-use",
						"credentialId", credentialId));
		assertThat(server.status()).as(server.toString()).isEqualTo(201);
		Response schedule = admin.post("/api/v1/schedules",
				Map.of("name", environment + " drill", "action", "drill", "environment", environment, "cron",
						"0 0 2 ? 1,4,7,10 MON#1", "timeZone", "UTC", "paused", true));
		assertThat(schedule.status()).as(schedule.toString()).isEqualTo(201);
		UUID run = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		jdbc.update("""
				insert into runs (id, kind, status, environment, playbook, parameters, triggered_by,
				                  triggered_by_role, created_at, started_at, finished_at, exit_code, timeout_seconds)
				values (?, 'ANSIBLE', 'SUCCEEDED', ?, ?, '{}', 'user:admin', 'ADMIN', ?, ?, ?, 0, 60)""", run,
				environment, label + ".yml", now, now, now);
		UUID drill = UUID.randomUUID();
		jdbc.update("insert into drills (id, environment, type, status, run_id, backup_timestamp, backup_key,"
				+ " backup_size, backup_taken_at, manifest_present, rpo_seconds, rto_target_seconds,"
				+ " duration_seconds, triggered_by, created_at, finished_at) values (?, ?, 'FULL', 'SUCCEEDED', ?,"
				+ " '2026-01-01-000000', 'x/2026-01-01-000000/db.dump', 1, ?, true, 60, 1800, 12.5, 'user:admin',"
				+ " ?, ?)", drill, environment, run, now, now, now);
		UUID approval = UUID.randomUUID();
		jdbc.update("""
				insert into approval_requests (id, kind, environment, summary, payload, status, requested_by,
				                               requester_kind, requester_name, requester_user, requester_role,
				                               requested_at, expires_at, decided_by, decided_at, reason)
				values (?, 'drill', ?, ?, '{}'::jsonb, 'REJECTED', 'user:admin', 'USER', 'admin',
				        'admin', 'ADMIN', ?, ?, 'user:other-admin', ?, ?)""", approval, environment, label + " drill",
				now, now, now, label);
		Map<String, String> ids = new LinkedHashMap<>();
		ids.put("approval", approval.toString());
		ids.put(RequiresEnvironmentRole.ENVIRONMENT, environment);
		ids.put("server", server.json().path("id").asString());
		ids.put("schedule", schedule.json().path("id").asString());
		ids.put("run", run.toString());
		ids.put("drill", drill.toString());
		return ids;
	}

}
