package io.opsdeck.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.StreamUtils;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which answers {@link IdempotencyFilter} keeps: not 5xx or "try again" statuses (their key is freed), bodies over the
 * cap without their body, everything else whole; and how a replay looks.
 */
class IdempotencyFilterTests {

	private final FakeStore store = new FakeStore();

	private final IdempotencyFilter filter = new IdempotencyFilter(store,
			new IdempotencyProperties(Duration.ofHours(24), DataSize.ofBytes(100), Duration.ofMinutes(5),
					List.of("/api/v1/tokens")),
			JsonMapper.builder().build());

	@BeforeEach
	void signIn() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice", null,
					AuthorityUtils.createAuthorityList("ROLE_OPERATOR")));
	}

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aServerErrorIsNotKeptAndTheKeyIsFreed() throws Exception {
		MockHttpServletResponse response = run(answering(500, "{\"oops\":true}"));
		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(store.released).containsExactly("user:alice/k1");
		assertThat(store.completed).isEmpty();
	}

	@Test
	void tryAgainStatusesAreNotKept() throws Exception {
		for (int status : List.of(408, 409, 425, 429)) {
			store.released.clear();
			run(answering(status, "{}"));
			assertThat(store.released).as("status " + status).containsExactly("user:alice/k1");
		}
		assertThat(store.completed).isEmpty();
	}

	@Test
	void aSuccessIsKeptWithItsHeadersAndTheControllerSeesTheWholeBody() throws Exception {
		List<String> seen = new ArrayList<>();
		MockHttpServletResponse response = run((request, res) -> {
			seen.add(StreamUtils.copyToString(request.getInputStream(), StandardCharsets.UTF_8));
			HttpServletResponse http = (HttpServletResponse) res;
			http.setStatus(202);
			http.setHeader("Location", "/api/v1/runs/1");
			http.setContentType("application/json");
			http.getWriter().write("{\"id\":\"1\"}");
		});
		assertThat(seen).containsExactly("{\"command\":\"uptime\"}");
		assertThat(response.getContentAsString()).isEqualTo("{\"id\":\"1\"}");
		FakeStore.Stored stored = store.completed.get("user:alice/k1");
		assertThat(stored.status).isEqualTo(202);
		assertThat(stored.location).isEqualTo("/api/v1/runs/1");
		assertThat(stored.contentType).startsWith("application/json");
		assertThat(new String(stored.body, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"1\"}");
		assertThat(store.released).isEmpty();
	}

	@Test
	void anAnswerOverTheCapIsKeptWithoutItsBody() throws Exception {
		MockHttpServletResponse response = run(answering(201, "{\"x\":\"" + "y".repeat(200) + "\"}"));
		assertThat(response.getContentAsString()).hasSizeGreaterThan(200);
		FakeStore.Stored stored = store.completed.get("user:alice/k1");
		assertThat(stored.status).isEqualTo(201);
		assertThat(stored.body).isNull();
		assertThat(stored.contentType).isNull();
	}

	@Test
	void aReplayCarriesTheStoredAnswerAndTheMarker() throws Exception {
		store.next = new IdempotencyStore.Claim.Replay(202, "/api/v1/runs/7", "application/json",
				"{\"id\":\"7\"}".getBytes(StandardCharsets.UTF_8), false);
		List<String> called = new ArrayList<>();
		MockHttpServletResponse response = run((request, res) -> called.add("controller"));
		assertThat(called).isEmpty();
		assertThat(response.getStatus()).isEqualTo(202);
		assertThat(response.getHeader("Idempotent-Replayed")).isEqualTo("true");
		assertThat(response.getHeader("Location")).isEqualTo("/api/v1/runs/7");
		assertThat(response.getContentAsString()).isEqualTo("{\"id\":\"7\"}");
	}

	@Test
	void keySyntax() {
		assertThat(IdempotencyFilter.validKey("a")).isTrue();
		assertThat(IdempotencyFilter.validKey("ci-run 42/step:3 ~!@#$%^&*()")).isTrue();
		assertThat(IdempotencyFilter.validKey("k".repeat(255))).isTrue();
		assertThat(IdempotencyFilter.validKey("")).isFalse();
		assertThat(IdempotencyFilter.validKey("   ")).isFalse();
		assertThat(IdempotencyFilter.validKey("k".repeat(256))).isFalse();
		assertThat(IdempotencyFilter.validKey("caf\u00e9")).isFalse();
		assertThat(IdempotencyFilter.validKey("a\tb")).isFalse();
		assertThat(IdempotencyFilter.validKey("a\r\nb")).isFalse();
	}

	private MockHttpServletResponse run(FilterChain chain) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/runs");
		request.addHeader("Idempotency-Key", "k1");
		request.setContentType("application/json");
		request.setContent("{\"command\":\"uptime\"}".getBytes(StandardCharsets.UTF_8));
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, chain);
		return response;
	}

	private static FilterChain answering(int status, String body) {
		return (request, response) -> {
			HttpServletResponse http = (HttpServletResponse) response;
			http.setStatus(status);
			http.setContentType("application/json");
			http.getWriter().write(body);
		};
	}

	private static final class FakeStore extends IdempotencyStore {

		record Stored(int status, @Nullable String location, @Nullable String contentType, byte @Nullable [] body) {
		}

		final Map<String, Stored> completed = new HashMap<>();

		final List<String> released = new ArrayList<>();

		Claim next = new Claim.First();

		FakeStore() {
			super(null, null);
		}

		@Override
		Claim claim(String caller, String key, String method, String path, String bodySha256) {
			return next;
		}

		@Override
		void complete(String caller, String key, int status, @Nullable String location, @Nullable String contentType,
				byte @Nullable [] body) {
			completed.put(caller + "/" + key, new Stored(status, location, contentType, body));
		}

		@Override
		void release(String caller, String key) {
			released.add(caller + "/" + key);
		}

	}

}
