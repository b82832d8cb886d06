package io.opsdeck.approvals.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An environment's approval policy.
 *
 * @param environment environment name
 * @param approvalRequired whether production-affecting launches there need a second admin's approval
 * @param updatedBy who last changed it, {@code kind:name}; {@code null} while it was never set (the default, off)
 * @param updatedAt when
 */
public record ApprovalPolicy(String environment, boolean approvalRequired, @Nullable String updatedBy,
		@Nullable Instant updatedAt) {
}
