package io.opsdeck.approvals.web;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.approvals.internal.ApprovalRequest;
import org.jspecify.annotations.Nullable;

/**
 * An approval request in the API.
 *
 * @param id identifier
 * @param kind {@code drill}, {@code security-update}, {@code provision} or {@code backup-cleanup}
 * @param environment environment name
 * @param summary what would be launched
 * @param payload the launch's parameters (never a secret)
 * @param status {@code PENDING}, {@code APPROVED}, {@code REJECTED}, {@code EXPIRED}, {@code FAILED} or {@code WITHDRAWN}
 * @param requestedBy requester, {@code kind:name}
 * @param requestedAt when
 * @param expiresAt when a pending request expires
 * @param decidedBy approver or rejecter, {@code kind:name}
 * @param decidedAt when
 * @param reason rejection reason, or why the approved launch failed
 * @param runId the run the approval launched
 * @param result what the launch did, one line
 * @param approval this request's URL
 * @param run the run's URL, or {@code null}
 */
record ApprovalView(UUID id, String kind, String environment, String summary, Map<String, Object> payload,
		String status, String requestedBy, Instant requestedAt, Instant expiresAt, @Nullable String decidedBy,
		@Nullable Instant decidedAt, @Nullable String reason, @Nullable UUID runId, @Nullable String result,
		String approval, @Nullable String run) {

	static ApprovalView of(ApprovalRequest request) {
		return new ApprovalView(request.id(), request.kind(), request.environment(), request.summary(),
				request.payload(), request.status().name(), request.requestedBy(), request.requestedAt(),
				request.expiresAt(), request.decidedBy(), request.decidedAt(), request.reason(), request.runId(),
				request.result(), "/api/v1/approvals/" + request.id(),
				(request.runId() != null) ? "/api/v1/runs/" + request.runId() : null);
	}

}
