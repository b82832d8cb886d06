package io.opsdeck.execution;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One playbook against an environment's generated inventory.
 *
 * @param playbook path relative to the playbook directory, e.g. {@code health-check.yml}
 * @param environment environment name; its servers form the inventory
 * @param extraVars variables passed with {@code -e @file}; every string is marked {@code !unsafe} so Jinja never
 * evaluates it; names starting with {@code ansible_} or {@code opsdeck_} are refused
 * @param secretExtraVars like {@code extraVars}, but the values are never stored and are masked in the output
 * @param tags only run tasks with these tags ({@code --tags})
 * @param limit host pattern ({@code --limit}), or {@code null}
 * @param check dry run ({@code --check})
 * @param forks parallel hosts ({@code --forks}), or {@code null} for ansible.cfg's value
 * @param timeoutSeconds limit for the whole run in seconds ({@code null}: configured default)
 * @param exclusive the run changes the environment (a drill, a backup, an update): no other exclusive run may be
 * queued or running on the same environment at the same time, and launching one then fails with a conflict
 * @param label what the run is for, shown in lists and conflicts (e.g. {@code DR drill (full)}), or {@code null}
 */
public record AnsibleRunRequest(String playbook, String environment, Map<String, Object> extraVars,
		Map<String, String> secretExtraVars, List<String> tags, @Nullable String limit, boolean check,
		@Nullable Integer forks, @Nullable Integer timeoutSeconds, boolean exclusive,
		@Nullable String label) implements RunRequest {

	/** A plain (non-exclusive, unlabelled) playbook run. */
	public AnsibleRunRequest(String playbook, String environment, Map<String, Object> extraVars,
			Map<String, String> secretExtraVars, List<String> tags, @Nullable String limit, boolean check,
			@Nullable Integer forks, @Nullable Integer timeoutSeconds) {
		this(playbook, environment, extraVars, secretExtraVars, tags, limit, check, forks, timeoutSeconds, false, null);
	}

	public AnsibleRunRequest {
		extraVars = (extraVars != null) ? extraVars : Map.of();
		secretExtraVars = (secretExtraVars != null) ? secretExtraVars : Map.of();
		tags = (tags != null) ? List.copyOf(tags) : List.of();
	}

	@Override
	public RunKind kind() {
		return RunKind.ANSIBLE;
	}

	@Override
	public String toString() {
		return "AnsibleRunRequest[playbook=" + playbook + ", environment=" + environment + ", extraVars="
				+ extraVars.keySet() + ", secretExtraVars=" + secretExtraVars.keySet() + ", tags=" + tags
				+ ", limit=" + limit + ", check=" + check + ", exclusive=" + exclusive + ", label=" + label + "]";
	}

}
