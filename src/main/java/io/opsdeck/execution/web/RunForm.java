package io.opsdeck.execution.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.RunRequest;
import io.opsdeck.execution.SshRunRequest;
import io.opsdeck.shared.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "New run" form of the dashboard; extra vars are typed as a JSON object, tags comma-separated. {@code check}
 * is a {@code Boolean} because browsers send nothing for an unticked checkbox (and the SSH form and the dashboard's
 * "Run health check" button have none): a primitive would fail binding with 400; {@code null} means {@code false}.
 */
public record RunForm(String kind, String command, List<UUID> servers, Integer parallelism, String playbook,
		String environment, String extraVars, String tags, String limit, Boolean check, Integer timeoutSeconds) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** An empty form of a kind. */
	static RunForm empty(String kind) {
		return new RunForm(kind, "", List.of(), null, "health-check.yml", null, "", "", "", false, null);
	}

	/**
	 * @return the domain request
	 * @throws InvalidInputException naming the form field at fault
	 */
	RunRequest toRunRequest() {
		if ("ssh".equals(kind)) {
			// the SSH form has none of these inputs; a post that fills one was made by hand (blank: an empty input)
			StartRunRequest.refuseOtherKind("ansible", "playbook", given(playbook), "environment", given(environment),
					"extraVars", given(extraVars), "tags", given(tags), "limit", given(limit), "check", check);
			if (command == null || command.isBlank()) {
				throw new InvalidInputException("command", "Enter a command");
			}
			if (servers == null || servers.isEmpty()) {
				throw new InvalidInputException("servers", "Pick at least one server");
			}
			return new SshRunRequest(command, servers, parallelism, timeoutSeconds);
		}
		StartRunRequest.refuseOtherKind("ssh", "command", given(command),
				"servers", (servers == null || servers.isEmpty()) ? null : servers, "parallelism", parallelism);
		if (playbook == null || playbook.isBlank()) {
			throw new InvalidInputException("playbook", "Pick a playbook");
		}
		if (environment == null || environment.isBlank()) {
			throw new InvalidInputException("environment", "Pick an environment");
		}
		return new AnsibleRunRequest(playbook, environment, parseExtraVars(), Map.of(), parseTags(),
				(limit == null || limit.isBlank()) ? null : limit.trim(), Boolean.TRUE.equals(check), null, timeoutSeconds);
	}

	/** @return {@code value}, or {@code null} when it is blank (what a browser sends for an empty input) */
	private static String given(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private Map<String, Object> parseExtraVars() {
		if (extraVars == null || extraVars.isBlank()) {
			return Map.of();
		}
		try {
			return JSON.readValue(extraVars, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (JacksonException ex) {
			throw new InvalidInputException("extraVars", "Extra vars must be a JSON object, e.g. {\"deploy_env\": \"staging\"}");
		}
	}

	private List<String> parseTags() {
		if (tags == null || tags.isBlank()) {
			return List.of();
		}
		return Arrays.stream(tags.split(",")).map(String::trim).filter(tag -> !tag.isEmpty()).toList();
	}

}
