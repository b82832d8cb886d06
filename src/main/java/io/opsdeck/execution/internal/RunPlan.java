package io.opsdeck.execution.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.execution.RunKind;
import io.opsdeck.inventory.ServerTarget;
import org.jspecify.annotations.Nullable;

/**
 * Everything an executor needs, resolved when the run starts (so a server edited while the run was queued is used
 * as it is now).
 *
 * @param runId run id
 * @param kind run kind
 * @param servers SSH: the target servers in order; Ansible: the environment's servers (the inventory)
 * @param command SSH command, or {@code null}
 * @param parallelism SSH: servers at once
 * @param ansible Ansible parameters, or {@code null}
 * @param secrets values to mask in the output
 */
public record RunPlan(UUID runId, RunKind kind, List<ServerTarget> servers, @Nullable String command, int parallelism,
		@Nullable AnsibleParameters ansible, List<String> secrets) {

	/**
	 * @param playbook playbook path relative to the playbook directory
	 * @param environment environment name
	 * @param extraVars user extra vars
	 * @param secretExtraVars secret extra vars (values decrypted for this run only)
	 * @param tags {@code --tags}
	 * @param limit {@code --limit}, or {@code null}
	 * @param check {@code --check}
	 * @param forks {@code --forks}, or {@code null}
	 */
	public record AnsibleParameters(String playbook, String environment, Map<String, Object> extraVars,
			Map<String, String> secretExtraVars, List<String> tags, @Nullable String limit, boolean check,
			@Nullable Integer forks) {

		@Override
		public String toString() {
			return "AnsibleParameters[playbook=" + playbook + ", environment=" + environment + "]";
		}

	}

}
