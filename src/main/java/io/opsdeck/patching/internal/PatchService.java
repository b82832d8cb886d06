package io.opsdeck.patching.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.approvals.Approvals;
import io.opsdeck.approvals.ApprovedLaunch;
import io.opsdeck.execution.AnsibleRunRequest;
import io.opsdeck.execution.Runs;
import io.opsdeck.identity.Actor;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.inventory.ServerTarget;
import io.opsdeck.patching.PatchCompliance;
import io.opsdeck.patching.PatchMode;
import io.opsdeck.patching.PatchRequest;
import io.opsdeck.patching.Patching;
import io.opsdeck.patching.ServerCompliance;
import io.opsdeck.shared.InvalidInputException;
import io.opsdeck.shared.NotFoundException;
import io.opsdeck.shared.PageView;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Launches security updates under the environment policy ({@link PatchPolicy}) and reads patch compliance and
 * upgrade history (seed: Security Updates). An update is an exclusive Ansible run of {@code security-updates.yml}
 * over all of the environment's servers, with the extra vars of docs/design/schedules-contract.md.
 */
@Service
public class PatchService implements Patching {

	private final Inventory inventory;

	private final Runs runs;

	private final PatchStore store;

	private final Validator validator;

	private final PatchingProperties properties;

	private final TransactionTemplate transactions;

	private final Approvals approvals;

	PatchService(Inventory inventory, Runs runs, PatchStore store, Validator validator, PatchingProperties properties,
			TransactionTemplate transactions, Approvals approvals) {
		this.approvals = approvals;
		this.inventory = inventory;
		this.runs = runs;
		this.store = store;
		this.validator = validator;
		this.properties = properties;
		this.transactions = transactions;
	}

	@Override
	public UUID launch(String environment, PatchRequest request, Actor actor) {
		return launch(environment, request, actor, null);
	}

	/**
	 * {@link #launch(String, PatchRequest, Actor)}, or the launch of an approved request: no gate, and no production
	 * rule (the approval by a second ADMIN replaces it), the approver in the run's label.
	 */
	UUID launch(String environment, PatchRequest request, Actor actor, @Nullable ApprovedLaunch approved) {
		validate(request);
		EnvironmentSummary found = inventory.findEnvironment(environment)
			.orElseThrow(() -> new NotFoundException("environment", environment));
		if (approved == null && !request.check()) {
			approvals.gate(Approvals.SECURITY_UPDATE, environment, actor, payload(request),
					label(request) + " of " + environment);
		}
		if (approved == null) {
			PatchPolicy.check(environment, found.kind(), actor);
		}
		AnsibleRunRequest run = new AnsibleRunRequest(properties.playbook(), environment, extraVars(request), Map.of(),
				List.of(), null, request.check(), null, (int) properties.timeout().toSeconds(), true,
				(approved != null) ? approved.label(label(request)) : label(request));
		return transactions.execute(tx -> {
			UUID runId = runs.launch(run, actor);
			store.recordRun(runId, environment, request, actor.display(), Instant.now());
			return runId;
		});
	}

	@Override
	@Transactional(readOnly = true)
	public PatchCompliance compliance(String environment) {
		if (inventory.findEnvironment(environment).isEmpty()) {
			throw new NotFoundException("environment", environment);
		}
		List<ServerTarget> servers = inventory.serversOf(environment);
		Map<UUID, PatchState> states = store.findAll(servers.stream().map(ServerTarget::id).toList());
		List<ServerCompliance> rows = servers.stream()
			.sorted(Comparator.comparing(ServerTarget::name))
			.map(server -> compliance(server, states.get(server.id())))
			.toList();
		return PatchCompliance.of(environment, rows);
	}

	/**
	 * @param serverId server id
	 * @param page page from 0
	 * @param size page size
	 * @return the packages updates changed on the server, newest first
	 * @throws NotFoundException when the server does not exist
	 */
	@Transactional(readOnly = true)
	public PageView<PackageUpgrade> history(UUID serverId, int page, int size) {
		inventory.servers(List.of(serverId));
		long total = store.historySize(serverId);
		return new PageView<>(store.history(serverId, page, size), page, size, total,
				(int) ((total + size - 1) / size));
	}

	/** @return the label of an update run, e.g. {@code Security update (security)} */
	static String label(PatchRequest request) {
		return "Security update (" + request.mode().value() + (request.check() ? ", check mode" : "") + ")";
	}

	/** @return the request as an approval payload (read back by {@link PatchApprovalHandler}) */
	static Map<String, Object> payload(PatchRequest request) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("mode", request.mode().value());
		payload.put("packages", request.packages());
		payload.put("cves", request.cves());
		payload.put("reboot", request.reboot());
		return payload;
	}

	private static Map<String, Object> extraVars(PatchRequest request) {
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("patch_mode", request.mode().value());
		vars.put("patch_packages", request.packages());
		vars.put("patch_cves", request.cves());
		vars.put("patch_reboot", request.reboot());
		return vars;
	}

	/** Bean Validation of the request (schedules do not pass the web layer), then the critical-mode rule. */
	private void validate(PatchRequest request) {
		validator.validate(request)
			.stream()
			.min(Comparator.comparing(v -> v.getPropertyPath().toString()))
			.ifPresent(violation -> {
				throw new InvalidInputException(field(violation), violation.getMessage());
			});
		if (request.mode() == PatchMode.CRITICAL && request.packages().isEmpty() && request.cves().isEmpty()) {
			throw new InvalidInputException("packages",
					"a critical update names at least one package or CVE (packages, cves)");
		}
		// the playbook reads them only in critical mode: a security or full update with packages applied every
		// pending update while the caller asked for a few (schedules refuse it too: ScheduleParameters)
		if (request.mode() != PatchMode.CRITICAL && !(request.packages().isEmpty() && request.cves().isEmpty())) {
			String field = request.packages().isEmpty() ? "cves" : "packages";
			throw new InvalidInputException(field, "packages and cves are only for critical mode; a "
					+ request.mode().value() + " update upgrades every pending " + ("full".equals(request.mode().value())
							? "package" : "security update"));
		}
	}

	/** {@code packages[0].<list element>} is {@code packages[0]}. */
	private static String field(ConstraintViolation<?> violation) {
		String path = violation.getPropertyPath().toString();
		int element = path.indexOf(".<");
		return (element >= 0) ? path.substring(0, element) : path;
	}

	private static ServerCompliance compliance(ServerTarget server, PatchState state) {
		if (state == null) {
			return new ServerCompliance(server.id(), server.name(), 0, 0, List.of(), false, null, List.of(), null, null,
					null, null, null, null, false, ServerCompliance.statusOf(0, false, false));
		}
		int security = state.pendingSecurity().size();
		var status = ServerCompliance.statusOf(security, state.rebootRequired(), state.lastCheckedAt() != null);
		return new ServerCompliance(server.id(), server.name(), security, state.pendingOther().size(),
				state.pendingSecurity().stream().map(PackageChange::name).sorted().toList(), state.rebootRequired(),
				state.rebootRequiredSince(), state.rebootRequiredPackages(), state.runningKernel(),
				state.newestKernel(), state.lastUpdateRunId(), state.lastRunId(), state.lastCheckedAt(),
				state.lastError(), status == io.opsdeck.patching.PatchStatus.COMPLIANT, status);
	}

}
