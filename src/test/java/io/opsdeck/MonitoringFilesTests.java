package io.opsdeck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * docs/monitoring/: the alert rules pass {@code promtool check rules} and their unit tests ({@code promtool test
 * rules}, Debian package {@code prometheus}), and the Grafana dashboard is JSON with a Prometheus query in every
 * panel. That the names they use exist is {@link MonitoringIntegrationTests}'s part.
 */
class MonitoringFilesTests {

	private static final Path DOCS = Path.of("docs/monitoring");

	private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

	@Test
	void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
		assumeThat(Files.isExecutable(PROMTOOL)).as("needs the prometheus package (promtool)").isTrue();
		assertThat(promtool("check", "rules", "opsdeck-alerts.yml")).contains("SUCCESS: 8 rules found");
		assertThat(promtool("test", "rules", "opsdeck-alerts.test.yml")).contains("SUCCESS");
	}

	@Test
	void theDashboardIsJsonWithAPrometheusQueryInEveryPanel() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DOCS.resolve("opsdeck-dashboard.json")));
		assertThat(dashboard.path("title").asString()).isEqualTo("Opsdeck");
		assertThat(dashboard.path("__inputs").get(0).path("pluginId").asString()).isEqualTo("prometheus");
		List<String> untitled = new ArrayList<>();
		int queries = 0;
		for (JsonNode panel : dashboard.path("panels")) {
			if ("row".equals(panel.path("type").asString())) {
				continue;
			}
			if (panel.path("title").asString().isBlank()) {
				untitled.add(panel.toString());
			}
			assertThat(panel.path("targets").size()).as(panel.path("title").asString()).isPositive();
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("expr").asString()).contains("opsdeck_");
				queries++;
			}
		}
		assertThat(untitled).isEmpty();
		assertThat(queries).isGreaterThanOrEqualTo(10);
		// the queries with a pitfall (never drilled, counters that appear at 1) are the ones promtool tests
		String tests = Files.readString(DOCS.resolve("opsdeck-alerts.test.yml"));
		for (JsonNode panel : dashboard.path("panels")) {
			String title = panel.path("title").asString();
			if (title.equals("Failed runs (24 h)") || title.equals("Days since last successful drill")) {
				assertThat(tests).as(title).contains("expr: '" + panel.path("targets").get(0).path("expr").asString() + "'");
			}
			if (title.startsWith("Schedules")) {
				assertThat(panel.path("targets").size()).as(title).isEqualTo(1);
			}
		}
	}

	private static String promtool(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(DOCS.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
