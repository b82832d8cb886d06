package io.opsdeck.provisioning.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.RunLine;
import io.opsdeck.provisioning.ServerProvisioning.TagChange;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code tag-recap} events of a provision run's output (docs/design/provisioning-contract.md):
 * {@code OPSDECK-EVENT {"type":"tag-recap","host":"web-1","tags":{"security":{"ok":7,"changed":2,"failed":0,
 * "skipped":1,"changedTasks":["common : Harden sshd"]}}}}. Lines that are not such events, or are malformed, are
 * ignored: output is text a playbook printed.
 */
final class TagRecaps {

	static final String PREFIX = "OPSDECK-EVENT ";

	/** The recap's name for tasks without a tag. */
	static final String UNTAGGED = "untagged";

	/** Most changed task names kept per tag. */
	static final int MAX_TASKS = 50;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TagRecaps() {
	}

	/**
	 * @param lines the run's output
	 * @param runId the run
	 * @param check whether it ran in check mode
	 * @param recordedAt time to record
	 * @return host name → its per-tag changes (the last recap of a host wins)
	 */
	static Map<String, List<TagChange>> parse(List<RunLine> lines, UUID runId, boolean check, Instant recordedAt) {
		Map<String, List<TagChange>> hosts = new LinkedHashMap<>();
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
			if (!"tag-recap".equals(event.path("type").asString("")) || !event.path("host").isString()
					|| !event.path("tags").isObject()) {
				continue;
			}
			List<TagChange> changes = new ArrayList<>();
			for (Map.Entry<String, JsonNode> tag : event.path("tags").properties()) {
				if (tag.getKey().isEmpty() || tag.getKey().length() > 64 || !tag.getValue().isObject()) {
					continue;
				}
				JsonNode counts = tag.getValue();
				List<String> tasks = new ArrayList<>();
				for (JsonNode task : counts.path("changedTasks")) {
					if (task.isString() && tasks.size() < MAX_TASKS) {
						String name = task.asString();
						tasks.add((name.length() > 200) ? name.substring(0, 200) + "…" : name);
					}
				}
				changes.add(new TagChange(tag.getKey(), counts.path("ok").asInt(0), counts.path("changed").asInt(0),
						counts.path("failed").asInt(0), counts.path("skipped").asInt(0), List.copyOf(tasks), check,
						runId, recordedAt));
			}
			hosts.put(event.path("host").asString(), changes);
		}
		return hosts;
	}

}
