package io.opsdeck.identity.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.opsdeck.identity.Role;
import io.opsdeck.identity.internal.ActorLoader;
import io.opsdeck.identity.internal.IssuedToken;
import io.opsdeck.identity.internal.LoginThrottle;
import io.opsdeck.identity.internal.TokenThrottle;
import io.opsdeck.identity.internal.TokenAuthenticator;
import io.opsdeck.identity.internal.TokenService;
import io.opsdeck.identity.internal.TokenStatus;
import io.opsdeck.identity.internal.TokenSummary;
import io.opsdeck.identity.internal.UserRoles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The token API's web layer with the real security configuration and problem mapping; the service is stubbed.
 * Other modules' web components stay out of this slice.
 */
@WebMvcTest(controllers = TokenApiController.class, excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "io\\.opsdeck\\.(?!identity\\.|system\\.).*"))
@Import(SecurityConfiguration.class)
class TokenApiControllerTests {

	private static final String VALUE = "odk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	TokenService tokens;

	@MockitoBean
	TokenAuthenticator tokenAuthenticator;

	@MockitoBean
	UserDetailsService userDetailsService;

	@MockitoBean
	LoginThrottle throttle;

	@MockitoBean
	TokenThrottle tokenThrottle;

	@MockitoBean
	ActorLoader actors;

	/** The request-time actor: the mock user's roles as "stored" = the roles the test gave it. */
	@BeforeEach
	void usersAreAsTheTestSaysTheyAre() {
		given(actors.load(any())).willAnswer(invocation -> Optional.of(new UserRoles(invocation.getArgument(0),
				SecurityContextHolder.getContext()
					.getAuthentication()
					.getAuthorities()
					.stream()
					.map(authority -> Role.fromAuthority(authority.getAuthority()))
					.flatMap(Optional::stream)
					.max(Enum::compareTo)
					.orElseThrow(),
				Map.of())));
	}

	@Test
	void createAnswers201WithTheValueOnce() throws Exception {
		TokenSummary summary = summary("ci", Role.OPERATOR);
		given(tokens.create("ci", Role.OPERATOR, 90, null)).willReturn(new IssuedToken(summary, VALUE));

		mvc.perform(post("/api/v1/tokens").with(user("olivia").roles("OPERATOR"))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"ci\",\"role\":\"OPERATOR\",\"expiresInDays\":90}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").value(summary.id().toString()))
			.andExpect(jsonPath("$.name").value("ci"))
			.andExpect(jsonPath("$.role").value("OPERATOR"))
			.andExpect(jsonPath("$.token").value(VALUE))
			.andExpect(jsonPath("$.tokenPrefix").value("odk_AAAA"))
			.andExpect(jsonPath("$.createdAt").value("2025-01-02T03:04:05Z"))
			.andExpect(jsonPath("$.expiresAt").value("2025-04-02T03:04:05Z"));
	}

	@Test
	void roleAndExpiryAreOptional() throws Exception {
		given(tokens.create("ci", null, null, null)).willReturn(new IssuedToken(summary("ci", Role.VIEWER), VALUE));

		mvc.perform(post("/api/v1/tokens").with(user("victor").roles("VIEWER"))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"ci\"}")).andExpect(status().isCreated());

		verify(tokens).create("ci", null, null, null);
	}

	@Test
	void anInvalidNameIsA400NamingTheFieldAndNeverReachesTheService() throws Exception {
		mvc.perform(post("/api/v1/tokens").with(user("olivia").roles("OPERATOR"))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"rm -rf /\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(header().string("Content-Type", startsWith("application/problem+json")))
			.andExpect(jsonPath("$.errors[0].field").value("name"));

		verifyNoInteractions(tokens);
	}

	@Test
	void aRoleAboveTheCallersIsA403Problem() throws Exception {
		given(tokens.create(any(), any(), any(), any())).willThrow(new AccessDeniedException("no"));

		mvc.perform(post("/api/v1/tokens").with(user("olivia").roles("OPERATOR"))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"ci\",\"role\":\"ADMIN\"}"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.status").value(403));
	}

	@Test
	void aSessionCallWithoutCsrfTokenIsA403Problem() throws Exception {
		mvc.perform(post("/api/v1/tokens").with(user("olivia").roles("OPERATOR"))
			.session(new MockHttpSession())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"ci\"}"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value("Missing or invalid CSRF token"));

		verifyNoInteractions(tokens);
	}

	@Test
	void aBearerCallIsJudgedByItsTokenNotByCsrf() throws Exception {
		mvc.perform(post("/api/v1/tokens").header("Authorization", "Bearer " + VALUE)
			.session(new MockHttpSession())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"ci\"}"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", startsWith("Bearer realm=\"opsdeck\", error=\"invalid_token\"")));
	}

	@Test
	void anonymousCallsAre401ProblemsWithABearerChallenge() throws Exception {
		mvc.perform(get("/api/v1/tokens"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", startsWith("Bearer")))
			.andExpect(header().string("Content-Type", startsWith("application/problem+json")))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.instance").value("/api/v1/tokens"));

		verifyNoInteractions(tokens);
	}

	@Test
	void listIsAPageOfTokensWithoutValues() throws Exception {
		Pageable expected = PageRequest.of(1, 10, TokenApiController.NEWEST_FIRST);
		given(tokens.list(expected)).willReturn(new PageImpl<>(List.of(summary("ci", Role.VIEWER)), expected, 11));

		mvc.perform(get("/api/v1/tokens?page=1&size=10").with(user("victor").roles("VIEWER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[0].name").value("ci"))
			.andExpect(jsonPath("$.items[0].status").value("ACTIVE"))
			.andExpect(jsonPath("$.items[0].token").doesNotExist())
			.andExpect(jsonPath("$.totalItems").value(11))
			.andExpect(jsonPath("$.page").value(1));
	}

	@Test
	void pageSizeIsBounded() throws Exception {
		mvc.perform(get("/api/v1/tokens?size=1000").with(user("victor").roles("VIEWER")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		mvc.perform(get("/api/v1/tokens?page=2147483647&size=200").with(user("victor").roles("VIEWER")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("page"));

		verifyNoInteractions(tokens);
	}

	private static TokenSummary summary(String name, Role role) {
		return new TokenSummary(UUID.randomUUID(), name, "odk_AAAA", role, "olivia",
				Instant.parse("2025-01-02T03:04:05Z"), Instant.parse("2025-04-02T03:04:05Z"), null, null,
				TokenStatus.ACTIVE, null);
	}

}
