package io.opsdeck.backups.internal;

import java.time.Duration;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import io.opsdeck.shared.InvalidInputException;

import org.springframework.security.access.AccessDeniedException;

/**
 * The limits of "verify newest" and retention cleanup, checked in the service so that the API, the page and
 * schedules all meet them. Field names in the errors are those of the API.
 */
final class BackupRules {

	/** Retention: at least a day, at most ten years. */
	static final int MIN_RETENTION_DAYS = 1;

	static final int MAX_RETENTION_DAYS = 3650;

	/** At least the newest backup always stays; more than 1,000 is surely a typo. */
	static final int MIN_KEEP_NEWEST = 1;

	static final int MAX_KEEP_NEWEST = 1000;

	/** Staleness threshold: 1 minute to 366 days. */
	static final Duration MIN_MAX_AGE = Duration.ofMinutes(1);

	static final Duration MAX_MAX_AGE = Duration.ofDays(366);

	private BackupRules() {
	}

	/** @throws InvalidInputException (field {@code maxAgeHours}) when out of range */
	static void checkMaxAge(Duration maxAge) {
		if (maxAge.compareTo(MIN_MAX_AGE) < 0 || maxAge.compareTo(MAX_MAX_AGE) > 0) {
			throw new InvalidInputException("maxAgeHours", "must be between 1 minute and 366 days (8784 hours)");
		}
	}

	/** @throws InvalidInputException (fields {@code retentionDays}, {@code keepNewest}) when out of range */
	static void checkRetention(Duration retention, int keepNewest) {
		if (retention.compareTo(Duration.ofDays(MIN_RETENTION_DAYS)) < 0
				|| retention.compareTo(Duration.ofDays(MAX_RETENTION_DAYS)) > 0) {
			throw new InvalidInputException("retentionDays",
					"must be between " + MIN_RETENTION_DAYS + " and " + MAX_RETENTION_DAYS + " days");
		}
		if (keepNewest < MIN_KEEP_NEWEST || keepNewest > MAX_KEEP_NEWEST) {
			throw new InvalidInputException("keepNewest",
					"must be between " + MIN_KEEP_NEWEST + " and " + MAX_KEEP_NEWEST);
		}
	}

	/**
	 * Who may really delete backups: an OPERATOR (or more) on development and staging; on production only an ADMIN
	 * or a schedule (as for security updates, docs/design/schedules-contract.md), because a deleted backup is gone.
	 * @param environment environment name, for the message
	 * @param kind the environment's kind ({@code development}, {@code staging}, {@code production})
	 * @param actor who asks
	 * @throws AccessDeniedException when the actor may not
	 */
	static void checkMayDelete(String environment, String kind, Actor actor) {
		if (!actor.can(Role.OPERATOR, environment)) {
			throw new AccessDeniedException("deleting backups of '" + environment + "' needs the OPERATOR role there");
		}
		if ("production".equals(kind) && actor.kind() != Actor.Kind.SCHEDULE && !actor.can(Role.ADMIN, environment)) {
			throw new AccessDeniedException("deleting backups of production environment '" + environment
					+ "' needs an ADMIN (or its schedule); a dry run is allowed");
		}
	}

}
