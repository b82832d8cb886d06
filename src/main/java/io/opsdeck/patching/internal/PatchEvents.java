package io.opsdeck.patching.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsdeck.execution.RunLine;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code patch-report} and {@code patch-error} events of an update run's output: {@code OPSDECK-EVENT
 * {json}} lines on stdout (docs/design/schedules-contract.md). Lines that do not parse, other event types and
 * events without a host are ignored; a host's last event wins.
 */
final class PatchEvents {

	static final String PREFIX = "OPSDECK-EVENT ";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MAX_PACKAGES = 20_000;

	private PatchEvents() {
	}

	/**
	 * @param lines a run's output lines, ascending
	 * @return each reporting host's last outcome, in order of first appearance
	 */
	static Map<String, HostOutcome> parse(List<RunLine> lines) {
		Map<String, HostOutcome> outcomes = new LinkedHashMap<>();
		for (RunLine line : lines) {
			if (!"stdout".equals(line.stream()) || !line.text().startsWith(PREFIX)) {
				continue;
			}
			JsonNode data;
			try {
				data = JSON.readTree(line.text().substring(PREFIX.length()));
			}
			catch (JacksonException ex) {
				continue;
			}
			HostOutcome outcome = of(data, line.time());
			if (outcome != null) {
				outcomes.put(outcome.host(), outcome);
			}
		}
		return outcomes;
	}

	/** @return the outcome an event describes, or {@code null} for any other event */
	static @Nullable HostOutcome of(JsonNode data, Instant time) {
		if (data == null || !data.isObject()) {
			return null;
		}
		String type = text(data, "type");
		String host = text(data, "host");
		if (host == null || host.isBlank()) {
			return null;
		}
		if ("patch-report".equals(type)) {
			return new HostOutcome.Report(host, time, text(data, "mode"), data.path("check").asBoolean(false),
					packages(data.get("upgraded")), packages(data.get("pendingSecurity")),
					packages(data.get("pendingOther")), data.path("rebootRequired").asBoolean(false),
					instant(text(data, "rebootRequiredSince")), names(data.get("rebootRequiredPackages")),
					nonBlank(text(data, "runningKernel")), nonBlank(text(data, "newestKernel")), data.path("rebooted").asBoolean(false));
		}
		if ("patch-error".equals(type)) {
			String reason = text(data, "reason");
			return new HostOutcome.Failure(host, time, (reason != null) ? reason : "unknown", text(data, "message"));
		}
		return null;
	}

	private static List<PackageChange> packages(@Nullable JsonNode array) {
		List<PackageChange> packages = new ArrayList<>();
		if (array == null || !array.isArray()) {
			return packages;
		}
		for (JsonNode item : array) {
			String name = text(item, "name");
			if (name != null && !name.isBlank() && packages.size() < MAX_PACKAGES) {
				packages.add(new PackageChange(name, text(item, "from"), text(item, "to"), text(item, "origin")));
			}
		}
		return packages;
	}

	private static List<String> names(@Nullable JsonNode array) {
		List<String> names = new ArrayList<>();
		if (array != null && array.isArray()) {
			for (JsonNode item : array) {
				if (item.isString() && !item.asString().isBlank() && names.size() < MAX_PACKAGES) {
					names.add(item.asString());
				}
			}
		}
		return names;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull() || value.isContainer()) ? null : value.asString();
	}

	private static @Nullable String nonBlank(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** ISO-8601 instant, or {@code null} when absent or malformed. */
	private static @Nullable Instant instant(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			try {
				return java.time.OffsetDateTime.parse(value).toInstant();
			}
			catch (DateTimeParseException again) {
				return null;
			}
		}
	}

}
