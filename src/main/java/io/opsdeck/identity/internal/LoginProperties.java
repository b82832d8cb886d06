package io.opsdeck.identity.internal;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Login throttling and lock-out ({@code opsdeck.login.*}, docs/security.md "Login throttling"). Failures are counted
 * in the database, so the limits hold across nodes.
 *
 * @param maxFailuresPerUser failed sign-ins for one user name within {@code window} that lock the name (default 5)
 * @param maxFailuresPerAddress failed sign-ins from one client address within {@code window} that lock the address
 * (default 50)
 * @param maxInvalidTokensPerAddress different rejected bearer tokens from one client address within {@code window}
 * that make the API answer {@code 429} to that address (default 50); repeats of one token count once
 * ({@link TokenThrottle})
 * @param window how long failures are counted, from the first one (default 15 minutes)
 * @param lockDuration how long a lock lasts (default 15 minutes)
 * @param exemptAddresses client addresses never counted or locked by address (e.g. a monitoring host); user-name
 * locks still apply to them
 */
@ConfigurationProperties("opsdeck.login")
public record LoginProperties(@Nullable Integer maxFailuresPerUser, @Nullable Integer maxFailuresPerAddress,
		@Nullable Integer maxInvalidTokensPerAddress, @Nullable Duration window, @Nullable Duration lockDuration,
		@Nullable List<String> exemptAddresses) {

	public LoginProperties {
		maxFailuresPerUser = positive(maxFailuresPerUser, 5, "max-failures-per-user");
		maxFailuresPerAddress = positive(maxFailuresPerAddress, 50, "max-failures-per-address");
		maxInvalidTokensPerAddress = positive(maxInvalidTokensPerAddress, 50, "max-invalid-tokens-per-address");
		window = (window != null) ? window : Duration.ofMinutes(15);
		lockDuration = (lockDuration != null) ? lockDuration : Duration.ofMinutes(15);
		if (window.toSeconds() < 1 || lockDuration.toSeconds() < 1) {
			throw new IllegalArgumentException("opsdeck.login.window and lock-duration must be at least 1s");
		}
		exemptAddresses = (exemptAddresses != null) ? List.copyOf(exemptAddresses) : List.of();
	}

	private static int positive(@Nullable Integer value, int fallback, String name) {
		if (value == null) {
			return fallback;
		}
		if (value < 1) {
			throw new IllegalArgumentException("opsdeck.login." + name + " must be at least 1");
		}
		return value;
	}

}
