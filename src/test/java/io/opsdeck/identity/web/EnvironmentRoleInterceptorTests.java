package io.opsdeck.identity.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.EnvironmentResolver;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The route rules with actors the way the identity module builds them per request: base roles, grants per
 * environment, tokens scoped to environments. Resolvers are tiny in-memory maps.
 */
class EnvironmentRoleInterceptorTests {

	private static final Actor STAGING_OPERATOR = new Actor(Actor.Kind.USER, "olivia", Role.VIEWER,
			Map.of("staging", Role.OPERATOR), null);

	private static final Actor SCOPED_TOKEN = new Actor(Actor.Kind.TOKEN, "ci", Role.VIEWER,
			Map.of("staging", Role.OPERATOR), Set.of("staging"));

	private static final Actor VIEWER = new Actor(Actor.Kind.USER, "victor", Role.VIEWER);

	private static final Actor STAGING_ADMIN = new Actor(Actor.Kind.USER, "ada", Role.VIEWER,
			Map.of("staging", Role.ADMIN), null);

	private final EnvironmentRoleInterceptor interceptor = new EnvironmentRoleInterceptor(List.of(
			resolver("server", Map.of("s-staging", Set.of("staging"), "s-production", Set.of("production"))),
			resolver("run", Map.of("two-environments", Set.of("staging", "production"), "orphan", Set.of()))));

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aGrantRaisesTheRoleInItsEnvironmentOnly() throws Exception {
		as(STAGING_OPERATOR);
		assertThat(call("launch", "id", "s-staging")).isTrue();
		assertThatThrownBy(() -> call("launch", "id", "s-production")).isInstanceOf(AccessDeniedException.class)
			.hasMessageContaining("OPERATOR")
			.hasMessageContaining("'production'");
		assertThat(call("read", "id", "s-production")).as("a viewer everywhere else").isTrue();
	}

	@Test
	void aScopedTokenMayNotEvenReadOutsideItsEnvironments() throws Exception {
		as(SCOPED_TOKEN);
		assertThat(call("launch", "id", "s-staging")).isTrue();
		assertThatThrownBy(() -> call("read", "id", "s-production")).isInstanceOf(AccessDeniedException.class);
		assertThatThrownBy(() -> call("byName", "name", "production")).isInstanceOf(AccessDeniedException.class);
		assertThat(call("byName", "name", "staging")).isTrue();
	}

	@Test
	void anUnknownOrMalformedIdPassesToTheHandlersNotFound() throws Exception {
		as(SCOPED_TOKEN);
		assertThat(call("launch", "id", "no-such-server")).isTrue();
		assertThat(call("launch", "id", "../../etc/passwd")).isTrue();
	}

	@Test
	void aResourceInTwoEnvironmentsNeedsTheRoleInBoth() throws Exception {
		as(STAGING_OPERATOR);
		assertThatThrownBy(() -> call("cancelRun", "id", "two-environments"))
			.isInstanceOf(AccessDeniedException.class);
		as(new Actor(Actor.Kind.USER, "omar", Role.OPERATOR));
		assertThat(call("cancelRun", "id", "two-environments")).isTrue();
	}

	@Test
	void aResourceInNoEnvironmentNeedsTheBaseRoleAndNoScope() throws Exception {
		as(new Actor(Actor.Kind.USER, "omar", Role.OPERATOR));
		assertThat(call("cancelRun", "id", "orphan")).isTrue();
		as(STAGING_OPERATOR);
		assertThatThrownBy(() -> call("cancelRun", "id", "orphan")).isInstanceOf(AccessDeniedException.class);
		as(new Actor(Actor.Kind.TOKEN, "ci", Role.OPERATOR, Map.of(), Set.of("staging")));
		assertThatThrownBy(() -> call("cancelRun", "id", "orphan")).isInstanceOf(AccessDeniedException.class);
	}

	@Test
	void bodyRoutesRefuseWhoeverHasTheRoleNowhereAndLeaveTheRestToTheService() throws Exception {
		as(VIEWER);
		assertThatThrownBy(() -> call("start", "id", "x")).isInstanceOf(AccessDeniedException.class);
		as(STAGING_OPERATOR);
		assertThat(call("start", "id", "x")).isTrue();
	}

	@Test
	void aGlobalRoleIsTheBaseRoleWhateverTheGrants() throws Exception {
		as(STAGING_ADMIN);
		assertThatThrownBy(() -> call("manageUsers", "id", "x")).isInstanceOf(AccessDeniedException.class);
		as(new Actor(Actor.Kind.USER, "admin", Role.ADMIN));
		assertThat(call("manageUsers", "id", "x")).isTrue();
	}

	@Test
	void aRuleNamingAMissingPathVariableFailsClosed() throws Exception {
		as(new Actor(Actor.Kind.USER, "admin", Role.ADMIN));
		assertThatThrownBy(() -> call("launch", "other", "s-staging")).isInstanceOf(AccessDeniedException.class);
	}

	private boolean call(String method, String variable, String value) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
		request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of(variable, value));
		HandlerMethod handler = new HandlerMethod(new Handlers(),
				Handlers.class.getDeclaredMethod(method, String.class));
		return interceptor.preHandle(request, new MockHttpServletResponse(), handler);
	}

	private static void as(Actor actor) {
		SecurityContextHolder.getContext()
			.setAuthentication(new TestingAuthenticationToken(actor, null, actor.role().authority()));
	}

	private static EnvironmentResolver resolver(String resource, Map<String, Set<String>> environments) {
		return new EnvironmentResolver() {

			@Override
			public String resource() {
				return resource;
			}

			@Override
			public Optional<String> environmentOf(String id) {
				return environmentsOf(id).flatMap(all -> all.stream().findFirst());
			}

			@Override
			public Optional<Set<String>> environmentsOf(String id) {
				return Optional.ofNullable(environments.get(id));
			}

		};
	}

	static class Handlers {

		@PreAuthorize("hasRole('VIEWER')")
		@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server")
		void launch(String id) {
		}

		@PreAuthorize("hasRole('VIEWER')")
		@RequiresEnvironmentRole(value = Role.VIEWER, resolver = "server")
		void read(String id) {
		}

		@PreAuthorize("hasRole('VIEWER')")
		@RequiresEnvironmentRole(value = Role.VIEWER, resolver = RequiresEnvironmentRole.ENVIRONMENT,
				variable = "name")
		void byName(String name) {
		}

		@PreAuthorize("hasRole('VIEWER')")
		@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "run")
		void cancelRun(String id) {
		}

		@PreAuthorize("hasRole('VIEWER')")
		@RequiresEnvironmentRole(value = Role.OPERATOR, resolver = RequiresEnvironmentRole.BODY)
		void start(String id) {
		}

		@PreAuthorize("hasRole('ADMIN')")
		void manageUsers(String id) {
		}

	}

}
