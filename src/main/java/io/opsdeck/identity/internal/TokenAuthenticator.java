package io.opsdeck.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a token value against the database: known hash, not revoked, not expired, owner present and enabled. The
 * effective role is the token's role capped at the owner's current role, so demoting a user demotes their tokens
 * at once. Records the use at most once per {@link #TOUCH_INTERVAL}.
 */
@Component
public class TokenAuthenticator {

	/** How stale {@code last_used_at} may get: one write per token per minute at most. */
	static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);

	private final ApiTokenRepository tokens;

	private final UserAccountRepository users;

	private final Clock clock = Clock.systemUTC();

	TokenAuthenticator(ApiTokenRepository tokens, UserAccountRepository users) {
		this.tokens = tokens;
		this.users = users;
	}

	/**
	 * @param value the token value from the request
	 * @return the authentication, or empty when the token must be rejected (the reason is logged at debug, by token
	 * id, never with the value)
	 */
	@Transactional
	Optional<ApiTokenAuthentication> authenticate(String value) {
		Instant now = clock.instant();
		Optional<ApiToken> found = tokens.findByTokenHash(TokenValues.hash(value));
		if (found.isEmpty()) {
			log.debug("Rejected an unknown API token");
			return Optional.empty();
		}
		ApiToken token = found.get();
		if (!token.isUsableAt(now)) {
			log.debug("Rejected API token {}: revoked or expired", token.id());
			return Optional.empty();
		}
		Optional<UserAccount> owner = users.findByUsername(token.owner()).filter(UserAccount::enabled);
		if (owner.isEmpty()) {
			log.debug("Rejected API token {}: owner '{}' is disabled or removed", token.id(), token.owner());
			return Optional.empty();
		}
		Role effective = token.role().atMost(owner.get().role());
		Instant threshold = now.minus(TOUCH_INTERVAL);
		if (token.lastUseOlderThan(threshold)) {
			tokens.touch(token.id(), now, threshold);
		}
		Actor actor = new Actor(Actor.Kind.TOKEN, token.name(), effective);
		return Optional.of(new ApiTokenAuthentication(actor, token.id(), token.owner(), token.expiresAt()));
	}

}
