package io.opsdeck.audit.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Filters for searching and exporting the audit log; {@code null} means any. Checked by the web layer.
 *
 * @param actor {@code kind:name} exactly, or a kind with its colon ({@code token:}) for every actor of that kind
 * @param action part of the action, any case ({@code runs} finds {@code POST /api/v1/runs})
 * @param environment environment name, exactly
 * @param outcome the outcome
 * @param from earliest time, inclusive
 * @param to latest time, inclusive
 * @param q text anywhere in actor, action, target, detail, address or environment, any case
 */
public record AuditQuery(@Nullable String actor, @Nullable String action, @Nullable String environment,
		@Nullable AuditOutcome outcome, @Nullable Instant from, @Nullable Instant to, @Nullable String q) {

	/** No filter: everything. */
	public static AuditQuery all() {
		return new AuditQuery(null, null, null, null, null, null, null);
	}

}
