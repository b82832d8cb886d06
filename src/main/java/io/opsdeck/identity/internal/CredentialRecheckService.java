package io.opsdeck.identity.internal;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.CredentialRechecks;
import io.opsdeck.identity.EnvironmentResolver;
import io.opsdeck.identity.Role;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Checks an open stream's credential again the way a new request would be checked: an API token through
 * {@link TokenAuthenticator#recheck(String)} (revoked, expired, owner disabled, roles capped as of now), a signed-in
 * user through {@link ActorLoader} (enabled, roles as of now) and their session (ended by signing out or expiry).
 * Both read the {@link IdentityCache} when it has the entry, so a check costs a map lookup; a change made through
 * Opsdeck empties the entry at once, and the cache's TTL bounds anything else.
 */
@Component
class CredentialRecheckService implements CredentialRechecks {

	private static final Logger log = LoggerFactory.getLogger(CredentialRecheckService.class);

	static final String TOKEN_ENDED = "The API token this stream was opened with was revoked or has expired, or its "
			+ "owner was disabled.";

	static final String USER_ENDED = "The user this stream was opened by was disabled or removed.";

	static final String SESSION_ENDED = "The session this stream was opened in has ended (signed out or expired).";

	static final String ROLE_ENDED = "The credential this stream was opened with may no longer see this resource.";

	private final TokenAuthenticator tokens;

	private final ActorLoader actors;

	/** Looked up when a stream opens (the resolvers live in the modules that use identity). */
	private final ObjectProvider<EnvironmentResolver> resolvers;

	CredentialRecheckService(TokenAuthenticator tokens, ActorLoader actors,
			ObjectProvider<EnvironmentResolver> resolvers) {
		this.tokens = tokens;
		this.actors = actors;
		this.resolvers = resolvers;
	}

	@Override
	public Recheck ofCurrentRequest(Role required, String resolver, String id) {
		Set<String> environments = resolvers.orderedStream()
			.filter(candidate -> candidate.resource().equals(resolver))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No EnvironmentResolver for " + resolver))
			.environmentsOf(id)
			.orElse(Set.of());
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof ApiTokenAuthentication token) {
			String hash = token.tokenHash();
			return new Interval(() -> tokens.recheck(hash)
				.<Result>map(now -> allowed(now.getPrincipal(), required, environments))
				.orElse(new Result(TOKEN_ENDED)));
		}
		if (authentication instanceof UserActorAuthentication user) {
			String username = user.getName();
			HttpSession session = currentSession();
			return new Interval(() -> {
				if (session != null && !isValid(session)) {
					return new Result(SESSION_ENDED);
				}
				return actors.load(username)
					.map(roles -> allowed(roles.actor(), required, environments))
					.orElse(new Result(USER_ENDED));
			});
		}
		// no other credential reaches a stream (schedules and Opsdeck itself open none): nothing to check again
		return Optional::empty;
	}

	private static Result allowed(Actor actor, Role required, Set<String> environments) {
		boolean may = environments.isEmpty() ? actor.environments() == null && actor.role().includes(required)
				: environments.stream().allMatch(environment -> actor.can(required, environment));
		return may ? Result.VALID : new Result(ROLE_ENDED);
	}

	private static @Nullable HttpSession currentSession() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest().getSession(false) : null;
	}

	/** An invalidated session throws on every read (Servlet specification). */
	private static boolean isValid(HttpSession session) {
		try {
			session.getCreationTime();
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	/** @param reason {@code null} while valid */
	private record Result(@Nullable String reason) {

		static final Result VALID = new Result(null);

	}

	/** Asks at most once per {@link CredentialRechecks#INTERVAL_MILLIS}; remembers an ending for good. */
	private static final class Interval implements Recheck {

		private final Supplier<Result> check;

		private long nextAt = System.nanoTime() + INTERVAL_MILLIS * 1_000_000;

		private @Nullable String reason;

		Interval(Supplier<Result> check) {
			this.check = check;
		}

		@Override
		public Optional<String> ended() {
			if (reason == null && System.nanoTime() - nextAt >= 0) {
				try {
					reason = check.get().reason();
				}
				catch (DataAccessException ex) {
					log.debug("Could not check a stream's credential again, asking later: {}", ex.getMessage());
				}
				nextAt = System.nanoTime() + INTERVAL_MILLIS * 1_000_000;
			}
			return Optional.ofNullable(reason);
		}

	}

}
