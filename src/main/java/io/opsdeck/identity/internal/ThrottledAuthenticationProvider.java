package io.opsdeck.identity.internal;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Form login's provider wrapped in the {@link LoginThrottle}: a locked user name or address is refused with
 * {@link TooManyFailuresException} before the password is even compared (still counted against the address, so
 * hammering a locked name locks the address too); every other failure is counted; a success resets the user name's
 * count. Not a bean (see {@link BearerTokenAuthenticationProvider}).
 */
public final class ThrottledAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	private final LoginThrottle throttle;

	public ThrottledAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle) {
		this.delegate = delegate;
		this.throttle = throttle;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String username = authentication.getName();
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		Optional<Duration> locked = throttle.signInLockedFor(username, address);
		if (locked.isPresent()) {
			throttle.signInRefused(address);
			throw new TooManyFailuresException(locked.get());
		}
		try {
			Authentication result = delegate.authenticate(authentication);
			if (result != null) {
				throttle.signInSucceeded(username);
			}
			return result;
		}
		catch (AuthenticationException ex) {
			throttle.signInFailed(username, address);
			throw ex;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return delegate.supports(authentication);
	}

}
