package io.opsdeck.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RunSummarySerializer} writes what Jackson's bean serializer writes for the record: the same text, byte for
 * byte, for every field set or null, escaping included.
 */
class RunSummarySerializerTests {

	private final JsonMapper beans = JsonMapper.builder().build();

	private final JsonMapper handWritten = JsonMapper.builder().addModule(new RunSummaryJsonModule()).build();

	@Test
	void writesWhatTheBeanSerializerWrites() {
		Instant created = Instant.parse("2026-12-05T13:09:31.271908Z");
		List<RunSummary> runs = new ArrayList<>();
		runs.add(new RunSummary(UUID.randomUUID(), "ssh", "SUCCEEDED", "staging", null, "uptime", "token:ci",
				created, created.plusMillis(1500), created.plusSeconds(61), 59, 0, null, null));
		runs.add(new RunSummary(UUID.randomUUID(), "ansible", "FAILED", null, "site.yml", null, "user:alice",
				Instant.EPOCH, null, null, 0, null, "failed on 1 of 1 hosts", "DR drill (full)"));
		runs.add(new RunSummary(UUID.randomUUID(), "ssh", "QUEUED", "prod \"eu\"", null,
				"echo 'é ✓ \u0001 \\ / \t\n' </script>", "schedule:nightly", Instant.parse("9999-12-31T23:59:59Z"),
				Instant.parse("0000-01-01T00:00:00.000000001Z"), Instant.parse("+10000-01-01T00:00:00Z"),
				Long.MAX_VALUE, Integer.MIN_VALUE, "\u2028 line separator", "label with \"quotes\""));
		for (RunSummary run : runs) {
			assertThat(handWritten.writeValueAsString(run)).isEqualTo(beans.writeValueAsString(run));
		}
		assertThat(handWritten.writeValueAsString(runs)).isEqualTo(beans.writeValueAsString(runs));
		assertThat(handWritten.writeValueAsString(Map.of("items", runs)))
			.isEqualTo(beans.writeValueAsString(Map.of("items", runs)));
	}

	@Test
	void isTheApplicationsSerializerOnlyThroughItsModule() {
		RunSummary run = new RunSummary(UUID.randomUUID(), "ssh", "RUNNING", null, null, "uptime", "user:bob",
				Instant.EPOCH, null, null, 1, null, null, null);
		assertThat(handWritten.writeValueAsString(run)).startsWith("{\"id\":\"" + run.id() + "\",\"kind\":\"ssh\"")
			.endsWith("\"exitCode\":null,\"message\":null,\"label\":null}");
	}

}
