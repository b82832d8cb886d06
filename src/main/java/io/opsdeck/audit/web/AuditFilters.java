package io.opsdeck.audit.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import io.opsdeck.audit.internal.AuditOutcome;
import io.opsdeck.audit.internal.AuditQuery;
import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The audit log's filter parameters as the API, the exports and the page take them, checked: a bad one is an
 * {@link InvalidInputException} naming the parameter (400 for the API). Empty means "any".
 * <p>
 * Times are ISO-8601: an instant ({@code 2026-12-05T03:00:00Z}), a time with an offset
 * ({@code 2026-12-05T04:00+01:00}), a local time or a date, both taken as UTC; a date as {@code to} means the end of
 * that day.
 *
 * @param actor {@code kind:name}, or {@code kind:} for every actor of a kind; up to 200 characters
 * @param action part of the action; up to 300 characters
 * @param environment environment name; up to 100 characters
 * @param outcome {@code SUCCESS}, {@code DENIED} or {@code FAILURE} (any case)
 * @param from earliest time, inclusive
 * @param to latest time, inclusive
 * @param q free text; up to 200 characters
 */
record AuditFilters(@Nullable String actor, @Nullable String action, @Nullable String environment,
		@Nullable String outcome, @Nullable String from, @Nullable String to, @Nullable String q) {

	/**
	 * @return the query these filters stand for
	 * @throws InvalidInputException naming the first bad parameter
	 */
	AuditQuery toQuery() {
		Instant start = time("from", from, false);
		Instant end = time("to", to, true);
		if (start != null && end != null && end.isBefore(start)) {
			throw new InvalidInputException("to", "must not be before from");
		}
		return new AuditQuery(text("actor", actor, 200), text("action", action, 300),
				text("environment", environment, 100), outcome(outcome), start, end, text("q", q, 200));
	}

	private static @Nullable String text(String field, @Nullable String value, int max) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		if (trimmed.length() > max) {
			throw new InvalidInputException(field, "must be at most " + max + " characters");
		}
		if (trimmed.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException(field, "must not contain control characters");
		}
		return trimmed;
	}

	private static @Nullable AuditOutcome outcome(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return AuditOutcome.valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("outcome", "must be SUCCESS, DENIED or FAILURE");
		}
	}

	private static @Nullable Instant time(String field, @Nullable String value, boolean endOfDay) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		if (text.length() > 40) {
			throw new InvalidInputException(field, "must be an ISO-8601 time or date");
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException notWithOffset) {
			try {
				return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException notLocal) {
				try {
					LocalDate date = LocalDate.parse(text);
					return endOfDay ? date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000)
							: date.atStartOfDay(ZoneOffset.UTC).toInstant();
				}
				catch (DateTimeParseException notDate) {
					throw new InvalidInputException(field,
							"must be an ISO-8601 time or date, e.g. 2026-12-05T03:00:00Z or 2026-12-05");
				}
			}
		}
	}

}
