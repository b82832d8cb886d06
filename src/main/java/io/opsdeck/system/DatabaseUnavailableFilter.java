package io.opsdeck.system;

import java.io.IOException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An API request that fails because PostgreSQL cannot be reached answers {@code 503 Service Unavailable} as an RFC
 * 9457 problem with {@code Retry-After: 30} (seconds), instead of Spring Boot's default error JSON with {@code 500}.
 * Such failures escape from the servlet filters, where no controller advice applies: the API token check reads the
 * token and its throttle from the database before any controller runs (found by round 13's hardening pass,
 * docs/hardening.md). "Cannot be reached" is a {@link DataAccessResourceFailureException} (no connection from the
 * pool) or a JDBC connection exception anywhere in the cause chain. Page requests, other failures and answers
 * already begun are passed on unchanged.
 */
class DatabaseUnavailableFilter extends OncePerRequestFilter {

	/** Seconds a client should wait before trying again: about one connection timeout of the pool. */
	static final int RETRY_AFTER_SECONDS = 30;

	private final JsonMapper json;

	DatabaseUnavailableFilter(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (!ApiPaths.isApi(request) || response.isCommitted() || !databaseUnreachable(ex)) {
				throw ex;
			}
			response.resetBuffer();
			response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"Opsdeck cannot reach its database; try again in " + RETRY_AFTER_SECONDS + " seconds");
			Problems.write(response, this.json, problem);
		}
	}

	/** @return whether {@code ex} or one of its causes says the database could not be reached */
	static boolean databaseUnreachable(@Nullable Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException) {
				return true;
			}
		}
		return false;
	}

}
