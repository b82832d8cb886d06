package io.opsdeck.system;

import java.sql.SQLTransientConnectionException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link DatabaseUnavailableFilter} answers when what runs inside it cannot reach PostgreSQL: a 503 problem for
 * the API, the failure unchanged for pages, other failures and answers already begun. (The pool's own exception is
 * thrown here as the token check throws it with PostgreSQL stopped: docs/hardening.md, round 13.)
 */
class DatabaseUnavailableFilterTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final DatabaseUnavailableFilter filter = new DatabaseUnavailableFilter(this.json);

	private static CannotGetJdbcConnectionException poolTimeout() {
		return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException("opsdeck - Connection is not available, request timed out"));
	}

	@Test
	void anApiRequestWhoseFiltersCannotReachTheDatabaseGetsA503ProblemWithRetryAfter() throws Exception {
		MockHttpServletResponse response = run("/api/v1/runs", (req, res) -> {
			res.getWriter().write("partial");
			throw poolTimeout();
		});
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getHeader("Retry-After")).isEqualTo("30");
		JsonNode problem = this.json.readTree(response.getContentAsString());
		assertThat(problem.get("status").asInt()).isEqualTo(503);
		assertThat(problem.get("title").asString()).isEqualTo("Service Unavailable");
		assertThat(problem.get("detail").asString()).contains("cannot reach its database");
	}

	@Test
	void theConnectionFailureIsFoundAnywhereInTheCauseChain() throws Exception {
		MockHttpServletResponse wrapped = run("/api/v1/servers", (req, res) -> {
			throw new InternalAuthenticationServiceException("token check failed",
					new CannotCreateTransactionException("no transaction",
							new SQLTransientConnectionException("timed out")));
		});
		assertThat(wrapped.getStatus()).isEqualTo(503);
		MockHttpServletResponse servletWrapped = run("/api/v1/servers", (req, res) -> {
			throw new ServletException(poolTimeout());
		});
		assertThat(servletWrapped.getStatus()).isEqualTo(503);
	}

	@Test
	void pagesOtherFailuresAndAnswersAlreadyBegunPassUnchanged() {
		assertThatThrownBy(() -> run("/runs", (req, res) -> {
			throw poolTimeout();
		})).isInstanceOf(CannotGetJdbcConnectionException.class);
		assertThatThrownBy(() -> run("/api/v1/runs", (req, res) -> {
			throw new IllegalStateException("a bug");
		})).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> run("/api/v1/runs", (req, res) -> {
			res.getWriter().write("streamed");
			res.flushBuffer();
			throw poolTimeout();
		})).isInstanceOf(CannotGetJdbcConnectionException.class);
	}

	@Test
	void aRequestThatSucceedsIsUntouched() throws Exception {
		MockHttpServletResponse response = run("/api/v1/runs", (req, res) -> res.getWriter().write("[]"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEqualTo("[]");
	}

	private MockHttpServletResponse run(String path, FilterChain chain) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, chain);
		return response;
	}

}
