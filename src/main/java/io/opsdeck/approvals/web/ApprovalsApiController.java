package io.opsdeck.approvals.web;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.opsdeck.approvals.internal.ApprovalPolicies;
import io.opsdeck.approvals.internal.ApprovalPolicy;
import io.opsdeck.approvals.internal.ApprovalRequest;
import io.opsdeck.approvals.internal.ApprovalService;
import io.opsdeck.approvals.internal.ApprovalStatus;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Approvals by a second admin (docs/approvals.md): the per-environment policy and the requests' decisions.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Approvals", description = "Production-affecting launches approved by a second admin: the per-environment "
		+ "policy, pending requests, approve and reject; the requester may withdraw")
class ApprovalsApiController {

	private final ApprovalService approvals;

	private final ApprovalPolicies policies;

	ApprovalsApiController(ApprovalService approvals, ApprovalPolicies policies) {
		this.approvals = approvals;
		this.policies = policies;
	}

	/**
	 * Body of {@code PUT /environments/{name}/approval-policy}.
	 *
	 * @param approvalRequired whether launches there need a second admin
	 */
	record PolicyRequest(@NotNull(message = "must be true or false") @Nullable Boolean approvalRequired) {
	}

	/**
	 * Body of {@code POST /approvals/{id}/reject}.
	 *
	 * @param reason why, 1 to 500 characters
	 */
	record RejectRequest(@Nullable String reason) {
	}

	@GetMapping("/environments/{name}/approval-policy")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "An environment's approval policy",
			description = "approvalRequired: whether a drill, a security update (not check), a provision run (not "
					+ "check) or a backup cleanup (not dry run) there needs a second ADMIN's approval. Off by default.")
	ApprovalPolicy policy(@PathVariable String name) {
		return policies.policy(name);
	}

	@PutMapping("/environments/{name}/approval-policy")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = RequiresEnvironmentRole.ENVIRONMENT, variable = "name")
	@Operation(summary = "Change an environment's approval policy",
			description = "Body {\"approvalRequired\":true}. ADMIN of the environment. Pending requests stay pending "
					+ "when it is switched off.")
	ApprovalPolicy savePolicy(@PathVariable String name, @Valid @RequestBody PolicyRequest request) {
		return policies.savePolicy(name, Boolean.TRUE.equals(request.approvalRequired()), Actors.current());
	}

	@GetMapping("/approvals")
	@PreAuthorize("hasRole('VIEWER')")
	@Operation(summary = "Approval requests: pending first, then decided ones, newest first",
			description = "status: PENDING, APPROVED, REJECTED, EXPIRED, FAILED or WITHDRAWN; environment: one environment. Only "
					+ "environments the caller may read; at most 500. " + EnvironmentAccess.LIST_SCOPE_DOC)
	List<ApprovalView> list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String environment) {
		ApprovalStatus wanted = parseStatus(status);
		String only = (environment == null || environment.isBlank()) ? null : environment;
		return approvals.list(wanted, only, Actors.current()).stream().map(ApprovalView::of).toList();
	}

	@GetMapping("/approvals/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "approval", variable = "id")
	@Operation(summary = "One approval request", description = "With the run it launched once approved.")
	ApprovalView get(@PathVariable UUID id) {
		return ApprovalView.of(approvals.get(id, Actors.current()));
	}

	@PostMapping("/approvals/{id}/approve")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "approval", variable = "id")
	@Operation(summary = "Approve a pending request and launch it",
			description = "ADMIN of the request's environment, and not the requester (403; the requester's API "
					+ "tokens count as the requester). Launches as the requester, with the approver in the run's "
					+ "label, and answers 200 with the request (status APPROVED, runId, run). 409 when the request is "
					+ "no longer pending (decided, expired; of two admins approving at once, one launches and the "
					+ "other gets 409), or when the launch failed (e.g. another exclusive run is active): the request "
					+ "is then FAILED with the reason.")
	ResponseEntity<?> approve(@PathVariable UUID id) {
		ApprovalRequest request = approvals.approve(id, Actors.current(), Actors.currentPerson().orElse(null));
		if (request.status() == ApprovalStatus.FAILED) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"approved, but " + request.reason() + ". The request is FAILED; ask again when it can run");
			problem.setTitle("Launch failed");
			problem.setProperty("approvalId", id);
			problem.setProperty("status", request.status().name());
			return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
		}
		return ResponseEntity.ok(ApprovalView.of(request));
	}

	@PostMapping("/approvals/{id}/reject")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.ADMIN, resolver = "approval", variable = "id")
	@Operation(summary = "Reject a pending request",
			description = "Body {\"reason\":\"...\"} (1 to 500 characters). ADMIN of the request's environment, not the "
					+ "requester. 409 when the request is no longer pending.")
	ApprovalView reject(@PathVariable UUID id, @RequestBody(required = false) @Nullable RejectRequest request) {
		String reason = (request != null) ? request.reason() : null;
		return ApprovalView
			.of(approvals.reject(id, Actors.current(), Actors.currentPerson().orElse(null), reason));
	}

	@PostMapping("/approvals/{id}/withdraw")
	@PreAuthorize("hasRole('VIEWER')")
	@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "approval", variable = "id")
	@Operation(summary = "Withdraw your own pending request",
			description = "Only the requester (their session or any of their API tokens; 403 for anyone else: an "
					+ "ADMIN rejects instead), OPERATOR of the request's environment as for asking. Answers 200 with "
					+ "the request, status WITHDRAWN, decidedBy the caller. 409 when the request is no longer pending "
					+ "(approved, rejected, expired, already withdrawn). Audited like approve and reject.")
	ApprovalView withdraw(@PathVariable UUID id) {
		return ApprovalView.of(approvals.withdraw(id, Actors.current(), Actors.currentPerson().orElse(null)));
	}

	static @Nullable ApprovalStatus parseStatus(@Nullable String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return ApprovalStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("status", "must be PENDING, APPROVED, REJECTED, EXPIRED, FAILED or WITHDRAWN");
		}
	}

}
