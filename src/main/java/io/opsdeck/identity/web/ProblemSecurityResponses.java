package io.opsdeck.identity.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.opsdeck.identity.internal.TooManyFailuresException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * The API chain's answers when security says no, as RFC 9457 problem details: {@code 401} with
 * {@code WWW-Authenticate: Bearer} (RFC 6750; {@code error="invalid_token"} when a token was sent but rejected) and
 * {@code 403}; {@code 429} with {@code Retry-After} (seconds) while the client's address is locked after too many
 * rejected tokens. Details never repeat what the client sent.
 */
final class ProblemSecurityResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final String REALM = "Bearer realm=\"opsdeck\"";

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (exception instanceof TooManyFailuresException tooMany) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(tooMany.retryAfter().toSeconds()));
			write(request, response, HttpStatus.TOO_MANY_REQUESTS,
					"Too many rejected API tokens from your address, try again in " + tooMany.retryAfterMinutes()
							+ " minutes");
			return;
		}
		boolean badToken = exception instanceof BadCredentialsException;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, badToken ? REALM + ", error=\"invalid_token\"" : REALM);
		write(request, response, HttpStatus.UNAUTHORIZED, badToken ? "The API token is invalid, expired or revoked"
				: "Authentication required: send Authorization: Bearer <token>, or sign in");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, (exception instanceof CsrfException)
				? "Missing or invalid CSRF token" : "Your role does not allow this action");
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(JsonMapper.shared().writeValueAsString(problem));
	}

}
