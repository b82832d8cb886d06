package io.opsdeck.provisioning.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.opsdeck.approvals.Approvals;
import io.opsdeck.approvals.ApprovedLaunch;
import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.Runs;
import io.opsdeck.identity.Actor;
import io.opsdeck.inventory.Connection;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.provisioning.ProvisionRequest;
import io.opsdeck.provisioning.ProvisionTags;
import io.opsdeck.provisioning.Provisioning;
import io.opsdeck.provisioning.ProvisioningSettings;
import io.opsdeck.provisioning.ServerProvisioning;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Launches {@code provision.yml} on one server and reads its provisioning state (docs/provisioning.md). The
 * variables come from the environment ({@code deploy_env}, {@code cloud_provider}) and its settings
 * ({@link SettingsService}); secrets only as {@code secretExtraVars}, never stored with the run.
 */
@Service
class ProvisionService implements Provisioning {

	private final Inventory inventory;

	private final Runs runs;

	private final SettingsService settings;

	private final ProvisionStore store;

	private final ProvisioningProperties properties;

	private final TransactionTemplate transactions;

	private final Approvals approvals;

	ProvisionService(Inventory inventory, Runs runs, SettingsService settings, ProvisionStore store,
			ProvisioningProperties properties, TransactionTemplate transactions, Approvals approvals) {
		this.approvals = approvals;
		this.inventory = inventory;
		this.runs = runs;
		this.settings = settings;
		this.store = store;
		this.properties = properties;
		this.transactions = transactions;
	}

	@Override
	public UUID provision(UUID serverId, ProvisionRequest request, Actor actor) {
		return provision(serverId, request, actor, null);
	}

	/**
	 * {@link #provision(UUID, ProvisionRequest, Actor)}, or the launch of an approved request: no gate and no
	 * production rule (the approval by a second ADMIN replaces it), the approver in the run's label. Secrets come
	 * from the credential store at launch, never from the stored request.
	 */
	UUID provision(UUID serverId, ProvisionRequest request, Actor actor, @Nullable ApprovedLaunch approved) {
		ServerTarget server = inventory.servers(List.of(serverId)).get(0);
		if (server.connection() == Connection.LOCAL) {
			// the local connection is the Opsdeck host itself: hardening SSH and enabling UFW there would cut Opsdeck off
			throw new InvalidInputException("server", "server '" + server.name()
					+ "' is the Opsdeck host itself (local connection); provisioning would harden its SSH and turn on "
					+ "a firewall that closes Opsdeck's own port. Provision servers reached over SSH");
		}
		List<String> tags = checkTags(request.tags());
		EnvironmentSummary environment = inventory.findEnvironment(server.environment())
			.orElseThrow(() -> new NotFoundException("environment", server.environment()));
		if (approved == null && !request.check() && approvals.approvalRequired(environment.name())) {
			// a request that could not run is refused now, not after a second admin approved it
			checkRequiredSettings(tags, settings.settings(environment.name()));
			Map<String, Object> payload = new java.util.LinkedHashMap<>();
			payload.put("serverId", server.id().toString());
			payload.put("tags", tags);
			approvals.gate(Approvals.PROVISION, environment.name(), actor, payload,
					label(server.name(), tags, false) + " in " + environment.name());
		}
		if (approved == null) {
			ProvisionPolicy.check(environment.name(), environment.kind(), request.check(), actor);
		}
		ProvisioningSettings values = settings.settings(environment.name());
		checkRequiredSettings(tags, values);
		Map<String, Object> extraVars = ProvisionVars.extraVars(environment, values);
		if (ProvisionVars.ROOT.equals(server.username())) {
			// PermitRootLogin no would lock Opsdeck out of a server it reaches as root: keys only (docs/provisioning.md)
			extraVars.put("ssh_permit_root_login", "prohibit-password");
		}
		Map<String, String> secretVars = settings.secretVars(values);
		AnsibleRunRequest run = new AnsibleRunRequest(properties.playbook(), environment.name(), extraVars, secretVars,
				tags, server.name(), request.check(), null, (int) properties.timeout().toSeconds(), true,
				(approved != null) ? approved.label(label(server.name(), tags, request.check()))
						: label(server.name(), tags, request.check()));
		return transactions.execute(tx -> {
			UUID runId = runs.launch(run, actor);
			store.recordRun(new ProvisionStore.ProvisionRun(runId, server.id(), environment.name(), tags,
					request.check(), actor.display(), Instant.now(), null));
			return runId;
		});
	}

	@Override
	@Transactional(readOnly = true)
	public ServerProvisioning provisioning(UUID serverId) {
		ServerTarget server = inventory.servers(List.of(serverId)).get(0);
		ServerProvisioning.LastRun last = store.lastRun(serverId).map(run -> {
			var summary = runs.find(run.runId()).orElse(null);
			String status = (summary != null) ? summary.status() : "DELETED";
			return new ServerProvisioning.LastRun(run.runId(), status, run.check(), run.tags(), run.triggeredBy(),
					run.createdAt(), (summary != null) ? summary.finishedAt() : null);
		}).orElse(null);
		List<ServerProvisioning.TagChange> tags = new ArrayList<>(store.tags(serverId));
		tags.sort(Comparator.comparingInt(change -> order(change.tag())));
		return new ServerProvisioning(server.id(), server.name(), server.environment(), server.roles(),
				server.username(), last,
				List.copyOf(tags));
	}

	@Override
	public ProvisioningSettings settings(String environment) {
		return settings.settings(environment);
	}

	@Override
	public ProvisioningSettings saveSettings(String environment, ProvisioningSettings values, Actor actor) {
		return settings.save(environment, values, actor);
	}

	/** @return e.g. {@code Provision web-1 (security, docker; check mode)} */
	static String label(String server, List<String> tags, boolean check) {
		String what = tags.isEmpty() ? "all tags" : String.join(", ", tags);
		return "Provision " + server + " (" + what + (check ? "; check mode" : "") + ")";
	}

	/** @return the tags, distinct, in playbook order; empty: all */
	static List<String> checkTags(List<String> requested) {
		Set<String> tags = new LinkedHashSet<>();
		for (String tag : requested) {
			if (tag == null || !ProvisionTags.ALL.contains(tag)) {
				String shown = (tag == null) ? "null" : tag.replaceAll("\\p{Cntrl}", "?");
				if (shown.length() > 40) {
					shown = shown.substring(0, 40) + "…";
				}
				throw new InvalidInputException("tags", "unknown tag '" + shown + "'; allowed: "
						+ String.join(", ", ProvisionTags.ALL));
			}
			tags.add(tag);
		}
		return ProvisionTags.ALL.stream().filter(tags::contains).toList();
	}

	/** @throws InvalidInputException on {@code tags} naming the first setting a chosen tag needs and lacks */
	static void checkRequiredSettings(List<String> tags, ProvisioningSettings values) {
		List<String> effective = tags.isEmpty() ? ProvisionTags.ALL : tags;
		for (String tag : effective) {
			if ("django".equals(tag) && !values.has("gitRepoUrl")) {
				continue; // no repository: the django role deploys nothing and needs nothing (contract)
			}
			for (String setting : ProvisionTags.REQUIRED_SETTINGS.getOrDefault(tag, List.of())) {
				if (!values.has(setting)) {
					throw new InvalidInputException("tags", (tags.isEmpty() ? "no tag chosen means every tag, and " : "")
							+ "tag '" + tag + "' needs the provisioning setting '"
							+ setting + "' (" + ProvisionVars.variableOf(setting) + ") of environment '"
							+ values.environment() + "': set it on the environment's provisioning settings first");
				}
			}
		}
	}

	private static int order(String tag) {
		int index = ProvisionTags.ALL.indexOf(tag);
		return (index >= 0) ? index : ProvisionTags.ALL.size();
	}

}
