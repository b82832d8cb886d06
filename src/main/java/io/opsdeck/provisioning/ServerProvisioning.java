package io.opsdeck.provisioning;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A server's provisioning state: body of {@code GET /api/v1/servers/{id}/provisioning} and the server's
 * provisioning page.
 *
 * @param serverId server id
 * @param server server name
 * @param environment environment name
 * @param roles the server's roles (its Ansible groups)
 * @param loginUser the SSH user Opsdeck logs in as; {@code root} keeps key-only root login when provisioned
 * ({@code PermitRootLogin prohibit-password}), any other user gets {@code PermitRootLogin no}
 * @param lastRun the last provision run launched for it, or {@code null} if never provisioned
 * @param tags what each tag last did there, in playbook order (tags never run are absent)
 */
public record ServerProvisioning(UUID serverId, String server, String environment, List<String> roles,
		String loginUser, @Nullable LastRun lastRun, List<TagChange> tags) {

	/**
	 * The last provision run of a server.
	 *
	 * @param runId run id ({@code /api/v1/runs/{runId}}, page {@code /runs/{runId}})
	 * @param status run status ({@code QUEUED}, {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, ...)
	 * @param check whether it was a check-mode (dry) run
	 * @param tags the tags asked for; empty: all
	 * @param triggeredBy who launched it, {@code kind:name}
	 * @param createdAt when it was launched
	 * @param finishedAt when it ended, {@code null} while it runs
	 */
	public record LastRun(UUID runId, String status, boolean check, List<String> tags, String triggeredBy,
			Instant createdAt, @Nullable Instant finishedAt) {
	}

	/**
	 * What one tag did in the last run that ran it (its {@code tag-recap} counts).
	 *
	 * @param tag tag name ({@code untagged} for tasks without a tag)
	 * @param ok tasks that ran without change
	 * @param changed tasks that changed something (in check mode: would have)
	 * @param failed failed tasks
	 * @param skipped skipped tasks
	 * @param changedTasks names of the changed tasks, at most 50
	 * @param check whether that run was in check mode
	 * @param runId the run
	 * @param recordedAt when the run's recap was stored
	 */
	public record TagChange(String tag, int ok, int changed, int failed, int skipped, List<String> changedTasks,
			boolean check, UUID runId, Instant recordedAt) {
	}

}
