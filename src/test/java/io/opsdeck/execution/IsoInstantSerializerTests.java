package io.opsdeck.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IsoInstantSerializer} writes what Jackson's own Instant serializer writes, i.e. {@link Instant#toString()}.
 */
class IsoInstantSerializerTests {

	@Test
	void formatsLikeInstantToString() {
		List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
				Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
				Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.parse("2026-12-05T13:09:31.271908Z"),
				Instant.parse("2000-03-01T00:00:00.100Z"), Instant.parse("1900-02-28T23:59:59.000000010Z")));
		SplittableRandom random = new SplittableRandom(8);
		for (int i = 0; i < 200_000; i++) {
			long second = random.nextLong(-62_167_219_200L, 253_402_300_800L);
			int nano = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				default -> random.nextInt(1_000_000_000);
			};
			instants.add(Instant.ofEpochSecond(second, nano));
		}
		char[] text = new char[30];
		for (Instant instant : instants) {
			int length = IsoInstantSerializer.format(instant, text);
			assertThat(new String(text, 0, length)).as("%s", instant).isEqualTo(instant.toString());
		}
	}

	@Test
	void yearsOutsideFourDigitsAreLeftToInstantToString() {
		char[] text = new char[30];
		assertThat(IsoInstantSerializer.format(Instant.parse("+10000-01-01T00:00:00Z"), text)).isEqualTo(-1);
		assertThat(IsoInstantSerializer.format(Instant.parse("-0001-12-31T23:59:59Z"), text)).isEqualTo(-1);
		assertThat(IsoInstantSerializer.format(Instant.MAX, text)).isEqualTo(-1);
	}

	@Test
	void aRunSummaryIsWrittenAsJacksonWritesInstants() {
		JsonMapper mapper = JsonMapper.builder().build();
		Instant created = Instant.parse("2026-12-05T13:09:31.271908Z");
		Instant far = Instant.parse("+12026-01-01T00:00:00.5Z");
		RunSummary summary = new RunSummary(UUID.fromString("9988653d-6f1f-4540-b79a-eb95b0d85c81"), "ssh", "FAILED",
				"staging", null, "uptime", "user:bob", created, far, null, 1, 2, "failed \"x\"", null);

		assertThat(mapper.writeValueAsString(summary)).isEqualTo("{\"id\":\"9988653d-6f1f-4540-b79a-eb95b0d85c81\","
				+ "\"kind\":\"ssh\",\"status\":\"FAILED\",\"environment\":\"staging\",\"playbook\":null,"
				+ "\"command\":\"uptime\",\"triggeredBy\":\"user:bob\",\"createdAt\":" + mapper.writeValueAsString(created)
				+ ",\"startedAt\":" + mapper.writeValueAsString(far) + ",\"finishedAt\":null,\"durationSeconds\":1,"
				+ "\"exitCode\":2,\"message\":\"failed \\\"x\\\"\",\"label\":null}");
		assertThat(mapper.writeValueAsString(created)).isEqualTo("\"2026-12-05T13:09:31.271908Z\"");

		JsonMapper timestamps = JsonMapper.builder().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();
		assertThat(timestamps.writeValueAsString(summary))
			.contains("\"createdAt\":" + timestamps.writeValueAsString(created));
	}

}
