package io.opsdeck.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <token>} (RFC 6750, scheme case-insensitive). A request without a bearer
 * header converts to {@code null}, so it goes on unauthenticated (or with its session); a malformed bearer header
 * is a {@link BadCredentialsException}, i.e. a 401.
 */
public final class BearerTokenAuthenticationConverter implements AuthenticationConverter {

	private static final String SCHEME = "Bearer";

	@Override
	public @Nullable BearerTokenAuthenticationRequest convert(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (!isBearer(header)) {
			return null;
		}
		String token = header.substring(SCHEME.length()).strip();
		if (token.isEmpty() || !TokenValues.isWellFormed(token)) {
			throw new BadCredentialsException("Malformed bearer token");
		}
		return new BearerTokenAuthenticationRequest(token, request.getRemoteAddr());
	}

	/**
	 * @return whether the request carries an {@code Authorization} header with the bearer scheme, well-formed or
	 * not; such a request is authenticated by its token alone, never by its session
	 */
	public static boolean hasBearerHeader(HttpServletRequest request) {
		return isBearer(request.getHeader(HttpHeaders.AUTHORIZATION));
	}

	private static boolean isBearer(@Nullable String header) {
		return header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
				&& (header.length() == SCHEME.length() || Character.isWhitespace(header.charAt(SCHEME.length())));
	}

}
