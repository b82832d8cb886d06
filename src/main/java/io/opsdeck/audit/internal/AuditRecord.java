package io.opsdeck.audit.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One stored audit entry, as the API, the page and the exports show it.
 *
 * @param id increasing number
 * @param occurredAt when it happened (UTC)
 * @param actor {@code kind:name} or {@code anonymous}
 * @param actorRole base role at the time, or {@code null}
 * @param address client address, or {@code null}
 * @param action {@code METHOD /route/{pattern}}, {@code LOGIN}, {@code LOGOUT} or {@code RUN_QUEUED}
 * @param target what was acted on, or {@code null}
 * @param environment environment name, or {@code null}
 * @param outcome {@code SUCCESS}, {@code DENIED} or {@code FAILURE}
 * @param status HTTP status, or {@code null}
 * @param detail short note, or {@code null}
 * @param node the Opsdeck node that wrote it
 */
public record AuditRecord(long id, Instant occurredAt, String actor, @Nullable String actorRole,
		@Nullable String address, String action, @Nullable String target, @Nullable String environment,
		String outcome, @Nullable Integer status, @Nullable String detail, @Nullable String node) {
}
