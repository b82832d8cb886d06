package io.opsdeck.execution.internal.ansible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.opsdeck.execution.internal.HostResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the play recap written by the {@code opsdeck_stats} callback plugin:
 * {@code {"hosts": {"<host>": {"ok", "changed", "unreachable", "failures", "skipped", "rescued", "ignored",
 * "message"}}}}.
 */
final class AnsibleStats {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AnsibleStats() {
	}

	/** Recap of one host. */
	record HostStats(HostResult.Counters counters, @Nullable String message) {
	}

	/** @return recap per host in the order Ansible reported them; empty when the file is missing or unreadable */
	static Map<String, HostStats> read(Path file) {
		Map<String, HostStats> result = new LinkedHashMap<>();
		if (!Files.isRegularFile(file)) {
			return result;
		}
		try {
			JsonNode hosts = JSON.readTree(Files.readString(file)).path("hosts");
			for (Map.Entry<String, JsonNode> entry : hosts.properties()) {
				JsonNode h = entry.getValue();
				HostResult.Counters counters = new HostResult.Counters(h.path("ok").asInt(), h.path("changed").asInt(),
						h.path("failures").asInt(), h.path("unreachable").asInt(), h.path("skipped").asInt(),
						h.path("rescued").asInt(), h.path("ignored").asInt());
				JsonNode message = h.path("message");
				result.put(entry.getKey(), new HostStats(counters, message.isTextual() ? message.asText() : null));
			}
		}
		catch (IOException | RuntimeException ex) {
			// a damaged recap leaves the per-host table empty; the exit code still decides the run
		}
		return result;
	}

}
