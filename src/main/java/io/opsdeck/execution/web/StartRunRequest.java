package io.opsdeck.execution.web;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.RunRequest;
import io.opsdeck.execution.SshRunRequest;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.StrictFields;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/runs}. {@code kind} decides which other fields apply. {@code timeoutSeconds} is read as
 * any whole number, so that one too large for a Java {@code int} (99999999999) is refused with the configured
 * maximum ({@code opsdeck.runs.max-timeout}, checked where the run is prepared) rather than with the range of an
 * {@code int}.
 */
@Schema(description = "A run to start. kind=ssh needs command and servers; kind=ansible needs playbook and environment.")
@StrictFields
public record StartRunRequest(
		@Schema(allowableValues = { "ssh", "ansible" }, example = "ssh") @NotBlank @Pattern(regexp = "ssh|ansible",
				message = "kind must be 'ssh' or 'ansible'") String kind,
		@Schema(description = "ssh: the command, run by each server's login shell", example = "uptime") @Size(max = 8192) String command,
		@Schema(description = "ssh: server ids, run in this order") @Size(max = 500) List<@NotNull UUID> servers,
		@Schema(description = "ssh: servers at once (default 10)") @Min(1) @Max(100) Integer parallelism,
		@Schema(description = "ansible: playbook path inside the playbook directory", example = "health-check.yml") @Size(max = 255) String playbook,
		@Schema(description = "ansible: environment whose servers form the inventory", example = "staging") @Size(max = 64) String environment,
		@Schema(description = "ansible: extra vars (-e @file); strings are never templated") Map<String, Object> extraVars,
		@Schema(description = "ansible: extra vars whose values are never stored and are masked in the output") Map<String, String> secretExtraVars,
		@Schema(description = "ansible: --tags") @Size(max = 50) List<String> tags,
		@Schema(description = "ansible: --limit host pattern") @Size(max = 256) String limit,
		@Schema(description = "ansible: --check (dry run)") Boolean check,
		@Schema(description = "ansible: --forks") @Min(1) @Max(100) Integer forks,
		@Schema(description = "limit for the whole run in seconds (default opsdeck.runs.default-timeout, 3600; at most "
				+ "opsdeck.runs.max-timeout, 86400)", implementation = Integer.class) @Min(1) BigInteger timeoutSeconds) {

	private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

	/**
	 * @return the domain request
	 * @throws InvalidInputException naming a field the kind requires but the body lacks
	 */
	public RunRequest toRunRequest() {
		if ("ssh".equals(kind)) {
			refuseOtherKind("ansible", "playbook", playbook, "environment", environment, "extraVars", extraVars,
					"secretExtraVars", secretExtraVars, "tags", tags, "limit", limit, "check", check, "forks", forks);
			if (command == null || command.isBlank()) {
				throw new InvalidInputException("command", "command is required for an ssh run");
			}
			if (command.indexOf('\0') >= 0) {
				throw new InvalidInputException("command", "command must not contain NUL characters");
			}
			if (servers == null || servers.isEmpty()) {
				throw new InvalidInputException("servers", "servers must name at least one server id");
			}
			return new SshRunRequest(command, servers, parallelism, timeout());
		}
		refuseOtherKind("ssh", "command", command, "servers", servers, "parallelism", parallelism);
		if (playbook == null || playbook.isBlank()) {
			throw new InvalidInputException("playbook", "playbook is required for an ansible run");
		}
		if (environment == null || environment.isBlank()) {
			throw new InvalidInputException("environment", "environment is required for an ansible run");
		}
		if (secretExtraVars != null && secretExtraVars.values().stream().anyMatch(v -> v == null)) {
			throw new InvalidInputException("secretExtraVars", "secret values must be strings");
		}
		return new AnsibleRunRequest(playbook, environment, extraVars, secretExtraVars, tags, limit,
				Boolean.TRUE.equals(check), forks, timeout());
	}

	/**
	 * Refuses the first of the other kind's fields that has a value, in the body's declared order ({@code null} is
	 * absence, as for every optional field). Such a field used to be accepted and ignored: a caller sending
	 * {@code "playbook"} with {@code kind: ssh} believed a playbook ran (hardening round 13).
	 * @param otherKind the kind the fields belong to, for the message
	 * @param namesAndValues field name, value, field name, value, …
	 * @throws InvalidInputException naming the field
	 */
	static void refuseOtherKind(String otherKind, Object... namesAndValues) {
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (namesAndValues[i + 1] != null) {
				String field = (String) namesAndValues[i];
				throw new InvalidInputException(field, field + " applies only to " + otherKind + " runs; leave it out of a "
						+ ("ssh".equals(otherKind) ? "ansible" : "ssh") + " run");
			}
		}
	}

	/**
	 * @return {@code timeoutSeconds}, a value above {@link Integer#MAX_VALUE} as {@link Integer#MAX_VALUE} (seconds,
	 * 68 years: above any maximum a run may be given, so it is refused with that maximum); {@code null} when absent
	 */
	private @Nullable Integer timeout() {
		return (timeoutSeconds == null) ? null : timeoutSeconds.min(INT_MAX).intValueExact();
	}

	@Override
	public String toString() {
		return "StartRunRequest[kind=" + kind + ", playbook=" + playbook + ", environment=" + environment
				+ ", servers=" + servers + ", secretExtraVars="
				+ ((secretExtraVars != null) ? secretExtraVars.keySet() : "[]") + "]";
	}

}
