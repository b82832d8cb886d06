package io.opsdeck.audit.internal;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One entry to write to {@code audit_events}. The writer cuts every text to its column's length and replaces
 * control characters; callers make sure no secret is in it (no bodies, header values, query strings or token
 * values, at most a token's 8-character prefix).
 *
 * @param occurredAt when it happened (for a request: when it arrived)
 * @param actor {@code kind:name}, or {@code anonymous}
 * @param actorRole the actor's base role, or {@code null}
 * @param address client address, or {@code null} without a request
 * @param action {@code METHOD /route/{pattern}}, {@code LOGIN}, {@code LOGOUT} or {@code RUN_QUEUED}
 * @param target what was acted on (path variables, {@code run=<id>}, {@code user:<name>}), or {@code null}
 * @param environment environment name, or {@code null}
 * @param outcome how it ended
 * @param status HTTP status, or {@code null} without a request
 * @param detail a short note (run ids queued, reason a sign-in failed), or {@code null}
 */
public record AuditEntry(Instant occurredAt, String actor, @Nullable String actorRole, @Nullable String address,
		String action, @Nullable String target, @Nullable String environment, AuditOutcome outcome,
		@Nullable Integer status, @Nullable String detail) {

	/** The actor of requests nobody authenticated. */
	public static final String ANONYMOUS = "anonymous";

	public AuditEntry {
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(actor, "actor");
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(outcome, "outcome");
	}

}
