package io.opsdeck.identity.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TreeSet;
import java.util.UUID;

import io.opsdeck.identity.internal.TokenStatus;
import io.opsdeck.identity.internal.TokenSummary;
import org.jspecify.annotations.Nullable;

/** A token as a row of the tokens page, times formatted in UTC to the minute. */
record TokenRow(UUID id, String name, String tokenPrefix, String role, String owner, String createdAt,
		String expiresAt, String lastUsedAt, TokenStatus status, String environments) {

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	static TokenRow of(TokenSummary token) {
		return new TokenRow(token.id(), token.name(), token.tokenPrefix(), token.role().name(), token.owner(),
				format(token.createdAt(), ""), format(token.expiresAt(), "never"), format(token.lastUsedAt(), "never"),
				token.status(), (token.environments() == null) ? "all"
						: String.join(", ", new TreeSet<>(token.environments())));
	}

	public boolean active() {
		return status == TokenStatus.ACTIVE;
	}

	private static String format(@Nullable Instant instant, String absent) {
		return (instant != null) ? MINUTES.format(instant) : absent;
	}

}
