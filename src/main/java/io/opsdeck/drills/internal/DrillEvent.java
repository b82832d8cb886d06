package io.opsdeck.drills.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.opsdeck.execution.RunLine;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One event a drill playbook reported: an {@code OPSDECK-EVENT {json}} line of the run's output (see
 * docs/design/drills-contract.md), with the time Opsdeck read it.
 *
 * @param time when the line was read: a step's measured start or end
 * @param data the event: {@code type} is {@code step}, {@code check}, {@code finding} or {@code metric}
 */
record DrillEvent(Instant time, JsonNode data) {

	static final String PREFIX = "OPSDECK-EVENT ";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** @return the events among a run's output lines, in order; lines that do not parse are ignored */
	static List<DrillEvent> parse(List<RunLine> lines) {
		List<DrillEvent> events = new ArrayList<>();
		for (RunLine line : lines) {
			of(line).ifPresent(events::add);
		}
		return events;
	}

	static Optional<DrillEvent> of(RunLine line) {
		if (!"stdout".equals(line.stream()) || !line.text().startsWith(PREFIX)) {
			return Optional.empty();
		}
		try {
			JsonNode data = JSON.readTree(line.text().substring(PREFIX.length()));
			return data.isObject() ? Optional.of(new DrillEvent(line.time(), data)) : Optional.empty();
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	String type() {
		return text("type");
	}

	String text(String field) {
		JsonNode value = data.get(field);
		return (value == null || value.isNull()) ? null : value.asText();
	}

}
