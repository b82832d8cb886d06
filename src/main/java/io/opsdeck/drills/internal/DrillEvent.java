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
 * docs/design/drills-contract.md), with the time it happened.
 * <p>
 * An event is dated when Opsdeck read its line, or, when it carries {@code "ago": seconds} (a number of seconds from
 * 0 to {@link #MAX_AGO_SECONDS}), that many seconds earlier: a server script that runs several steps in one task
 * measures when each step ended and reports the events together when the task ends. Older playbooks send no
 * {@code ago}; a negative, non-numeric or larger value is ignored (the line's time is used).
 *
 * @param time when the event happened: a step's measured start or end
 * @param data the event: {@code type} is {@code step}, {@code check}, {@code finding} or {@code metric}
 */
record DrillEvent(Instant time, JsonNode data) {

	static final String PREFIX = "OPSDECK-EVENT ";

	/** Longest {@code ago} honoured: a drill's run lasts at most days, never a week. */
	static final double MAX_AGO_SECONDS = 7 * 86_400;

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
			return data.isObject() ? Optional.of(new DrillEvent(happened(line.time(), data), data)) : Optional.empty();
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	private static Instant happened(Instant read, JsonNode data) {
		JsonNode ago = data.get("ago");
		if (ago == null || !ago.isNumber()) {
			return read;
		}
		double seconds = ago.asDouble();
		if (!(seconds >= 0 && seconds <= MAX_AGO_SECONDS)) {
			return read;
		}
		return read.minusNanos(Math.round(seconds * 1_000_000_000d));
	}

	String type() {
		return text("type");
	}

	String text(String field) {
		JsonNode value = data.get(field);
		return (value == null || value.isNull()) ? null : value.asText();
	}

}
