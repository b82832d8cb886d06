package io.opsdeck.health.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.opsdeck.execution.RunLine;
import io.opsdeck.health.CheckResult;
import io.opsdeck.health.HealthCheck;
import io.opsdeck.health.HealthStatus;
import io.opsdeck.health.HealthThresholds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Judging a host's {@code opsdeck_health} report (as health-check.yml prints it) against thresholds, and reading the
 * reports from a run's output.
 */
class HealthJudgeTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String REPORT = """
			{"containers": [{"name": "django", "state": "running", "health": "healthy", "image": "app", "restarts": 0},
			                {"name": "celeryworker", "state": "restarting", "health": "none", "image": "app", "restarts": 7}],
			 "disk": [{"filesystem": "/dev/vda1", "mount": "/", "size_mb": 40960, "available_mb": 4096, "used_percent": 90.0},
			          {"filesystem": "/dev/vdb", "mount": "/data", "size_mb": 1024, "available_mb": 900, "used_percent": 12.1}],
			 "docker": {"cli": true, "daemon": "reachable", "installed": true, "service": "active", "version": "27.3.1"},
			 "firewall": {"detail": "5 rules", "status": "active", "tool": "ufw"},
			 "load": {"cpus": 2, "load1": 3.1, "load15": 1.0, "load5": 2.5},
			 "memory": {"available_mb": 300, "total_mb": 4000, "used_percent": 92.5},
			 "ports": [{"address": "0.0.0.0", "port": 443, "proto": "tcp"}, {"address": "0.0.0.0", "port": 22, "proto": "tcp"},
			           {"address": "::", "port": 22, "proto": "tcp"}, {"address": "0.0.0.0", "port": 68, "proto": "udp"}],
			 "reasons": [], "status": "critical"}
			""";

	@Test
	void everyCheckIsJudgedAgainstTheThresholdsAtOrAboveCrossing() {
		Map<HealthCheck, CheckResult> results = HealthJudge.judge(JSON.readTree(REPORT), HealthThresholds.DEFAULTS);

		assertThat(results.keySet()).containsExactly(HealthCheck.values());
		assertThat(results.get(HealthCheck.DOCKER)).isEqualTo(new CheckResult(HealthStatus.OK, "service active, Docker 27.3.1"));
		assertThat(results.get(HealthCheck.CONTAINERS))
			.isEqualTo(new CheckResult(HealthStatus.WARNING, "celeryworker restarting (1 of 2 running)"));
		assertThat(results.get(HealthCheck.DISK))
			.isEqualTo(new CheckResult(HealthStatus.CRITICAL, "/ 90 % used, 4096 MB free (critical at 90 %)"));
		assertThat(results.get(HealthCheck.MEMORY).status()).isEqualTo(HealthStatus.WARNING);
		assertThat(results.get(HealthCheck.LOAD))
			.isEqualTo(new CheckResult(HealthStatus.WARNING, "load 3.1 / 2.5 / 1 on 2 CPUs, 1.25 per CPU (warning at 1)"));
		assertThat(results.get(HealthCheck.PORTS)).isEqualTo(new CheckResult(HealthStatus.OK, "tcp 22, 443; udp 68"));
		assertThat(results.get(HealthCheck.FIREWALL)).isEqualTo(new CheckResult(HealthStatus.OK, "ufw active: 5 rules"));
		assertThat(HealthJudge.overall(results)).isEqualTo(HealthStatus.CRITICAL);
		assertThat(HealthJudge.reasons(results)).containsExactly("containers: celeryworker restarting (1 of 2 running)",
				"disk: / 90 % used, 4096 MB free (critical at 90 %)",
				"memory: 92.5 % used, 300 MB available (warning at 90 %)",
				"load: load 3.1 / 2.5 / 1 on 2 CPUs, 1.25 per CPU (warning at 1)");

		HealthThresholds relaxed = new HealthThresholds(95.0, 99.0, 95.0, 2.0, 4.0);
		Map<HealthCheck, CheckResult> calm = HealthJudge.judge(JSON.readTree(REPORT), relaxed);
		assertThat(calm.get(HealthCheck.DISK).status()).isEqualTo(HealthStatus.OK);
		assertThat(calm.get(HealthCheck.MEMORY).status()).isEqualTo(HealthStatus.OK);
		assertThat(calm.get(HealthCheck.LOAD).status()).isEqualTo(HealthStatus.OK);
	}

	@Test
	void dockerDownIsCriticalAndMissingPartsAreUnknown() {
		JsonNode report = JSON.readTree("""
				{"docker": {"installed": true, "service": "inactive", "daemon": "unreachable"}, "containers": [],
				 "disk": [], "memory": {"error": "/proc/meminfo is not readable"}, "load": {"error": "x", "cpus": 0},
				 "firewall": {"tool": "ufw", "status": "unknown", "detail": "ufw status needs root"}}
				""");
		Map<HealthCheck, CheckResult> results = HealthJudge.judge(report, HealthThresholds.DEFAULTS);
		assertThat(results.get(HealthCheck.DOCKER)).isEqualTo(new CheckResult(HealthStatus.CRITICAL, "installed, service is inactive"));
		assertThat(results.get(HealthCheck.CONTAINERS).status()).isEqualTo(HealthStatus.UNKNOWN);
		assertThat(results.get(HealthCheck.DISK).status()).isEqualTo(HealthStatus.UNKNOWN);
		assertThat(results.get(HealthCheck.MEMORY)).isEqualTo(new CheckResult(HealthStatus.UNKNOWN, "/proc/meminfo is not readable"));
		assertThat(results.get(HealthCheck.PORTS).status()).isEqualTo(HealthStatus.UNKNOWN);
		assertThat(results.get(HealthCheck.FIREWALL).status()).isEqualTo(HealthStatus.WARNING);
		assertThat(HealthJudge.unknown("unreachable").values()).extracting(CheckResult::status).containsOnly(HealthStatus.UNKNOWN);
	}

	@Test
	void reportsAreReadFromTheEventLinesOnlyAndRecapsNameEveryHostTouched() {
		Instant now = Instant.now();
		List<RunLine> lines = List.of(
				new RunLine(1, now, "stdout", null, "ok: [web-1] => {\"opsdeck_health\": {\"status\": \"ok\"}}"),
				new RunLine(2, now, "stdout", null, "OPSDECK-EVENT {\"type\": \"health\", \"host\": \"web-1\", \"health\": {\"status\": \"ok\"}}"),
				new RunLine(3, now, "stderr", null, "OPSDECK-EVENT {\"type\": \"health\", \"host\": \"evil\", \"health\": {}}"),
				new RunLine(4, now, "stdout", null, "OPSDECK-EVENT {not json"),
				new RunLine(5, now, "stdout", null, "OPSDECK-EVENT {\"type\": \"tag-recap\", \"host\": \"web-1\", \"tags\": {}}"),
				new RunLine(6, now, "stdout", null, "OPSDECK-EVENT {\"type\": \"tag-recap\", \"host\": \"db-1\", \"tags\": {}}"));
		HealthReports.Parsed parsed = HealthReports.parse(lines);
		assertThat(parsed.reports().keySet()).containsExactly("web-1");
		assertThat(parsed.reports().get("web-1").path("status").asString()).isEqualTo("ok");
		assertThat(parsed.seen()).containsExactly("web-1", "db-1");
	}

}
