package io.opsdeck.approvals.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import org.jspecify.annotations.Nullable;

/**
 * One request as stored.
 *
 * @param id identifier
 * @param kind what it launches ({@code drill}, {@code security-update}, {@code provision}, {@code backup-cleanup})
 * @param environment environment name
 * @param summary one line for people
 * @param payload what the handler launches
 * @param status where it stands
 * @param requestedBy the requesting actor, {@code kind:name}
 * @param requesterKind the requesting actor's kind
 * @param requesterName the requesting actor's name
 * @param requesterUser the person behind the requester (the user, or the token's owner)
 * @param requesterRole the requester's role in the environment when asking
 * @param requestedAt when
 * @param expiresAt when it expires unless decided
 * @param decidedBy who approved or rejected, {@code kind:name}
 * @param decidedAt when
 * @param reason the rejection reason, or why the approved launch failed
 * @param runId the run the approval launched
 * @param result one line on what the launch did
 */
public record ApprovalRequest(UUID id, String kind, String environment, String summary, Map<String, Object> payload,
		ApprovalStatus status, String requestedBy, Actor.Kind requesterKind, String requesterName,
		String requesterUser, Role requesterRole, Instant requestedAt, Instant expiresAt, @Nullable String decidedBy,
		@Nullable Instant decidedAt, @Nullable String reason, @Nullable UUID runId, @Nullable String result) {

	/** @return the requester as the launch runs: their kind and name, with the role they had in the environment */
	public Actor requester() {
		return new Actor(requesterKind, requesterName, requesterRole);
	}

}
