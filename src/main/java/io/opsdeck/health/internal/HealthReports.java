package io.opsdeck.health.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opsdeck.execution.RunLine;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a health-check run's output as the {@code opsdeck_events} callback plugin printed it: per host one
 * {@code OPSDECK-EVENT {"type":"health","host":"web-1","health":{...}}} line (the playbook's {@code opsdeck_health}
 * dict), and at the end one {@code tag-recap} line per host that ran any task, reachable or not. Lines that are not
 * such events, or are malformed, are ignored: output is text a playbook printed.
 */
final class HealthReports {

	static final String PREFIX = "OPSDECK-EVENT ";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private HealthReports() {
	}

	/**
	 * What a run reported.
	 * @param reports host name → its {@code opsdeck_health} dict (the last one of a host wins)
	 * @param seen every host the run touched (a host of {@link #seen} without a report was unreachable or failed
	 * before the report)
	 */
	record Parsed(Map<String, JsonNode> reports, Set<String> seen) {
	}

	/**
	 * @param lines the run's output
	 * @return its health reports and the hosts it touched
	 */
	static Parsed parse(List<RunLine> lines) {
		Map<String, JsonNode> reports = new LinkedHashMap<>();
		Set<String> seen = new LinkedHashSet<>();
		for (RunLine line : lines) {
			if (!"stdout".equals(line.stream()) || !line.text().startsWith(PREFIX)) {
				continue;
			}
			JsonNode event;
			try {
				event = JSON.readTree(line.text().substring(PREFIX.length()));
			}
			catch (JacksonException ex) {
				continue;
			}
			String host = event.path("host").asString("");
			if (host.isEmpty() || host.length() > 253) {
				continue;
			}
			switch (event.path("type").asString("")) {
				case "health" -> {
					if (event.path("health").isObject()) {
						reports.put(host, event.path("health"));
						seen.add(host);
					}
				}
				case "tag-recap" -> seen.add(host);
				default -> {
				}
			}
		}
		return new Parsed(reports, seen);
	}

}
