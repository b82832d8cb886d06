package io.opsdeck.identity.web;

import java.io.IOException;
import java.util.function.Supplier;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.internal.ActorLoader;
import io.opsdeck.identity.internal.BearerTokenAuthenticationConverter;
import io.opsdeck.identity.internal.BearerTokenAuthenticationProvider;
import io.opsdeck.identity.internal.LoginThrottle;
import io.opsdeck.identity.internal.ThrottledAuthenticationProvider;
import io.opsdeck.identity.internal.TokenAuthenticator;
import io.opsdeck.identity.internal.TokenThrottle;
import io.opsdeck.identity.internal.TooManyFailuresException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatchers;

/**
 * Three filter chains. On the API's paths ({@code /api/**}, {@code /actuator/**}, {@code /v3/api-docs/**}), a
 * request with {@code Authorization: Bearer <token>} goes through the bearer chain (the token alone, stateless, no
 * session filters) and any other through the API chain, which uses the browser's existing session (the run page's
 * JavaScript calls the API with its cookie) and checks CSRF; both have the same URL rules and answer failures with
 * RFC 9457 problems. The page chain (everything else) uses form login on {@code /login},
 * throttled per user name and client address. In both chains a {@link RequestActorFilter} makes a signed-in user's
 * roles as stored now (base role and per-environment grants) the request's authentication. Method security
 * ({@link MethodSecurityConfiguration}) uses the role hierarchy ADMIN &gt; OPERATOR &gt; VIEWER.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final AccessDeniedHandlerImpl PAGE_ACCESS_DENIED = new AccessDeniedHandlerImpl();

	/**
	 * Scripts and style sheets from our own origin only: no inline script, no {@code <style>} element, no framing.
	 * Inline {@code style="…"} attributes are allowed ({@code style-src-attr}): the run page's ANSI renderer colours
	 * output with them and Swagger UI sets one; an attribute cannot run script, and with {@code img-src 'self'} it
	 * cannot load anything from elsewhere either.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
			+ "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

	/** The paths of the API chains. */
	private static final RequestMatcher API_PATHS = RequestMatchers.anyOf(PATHS.matcher("/api/**"),
			PATHS.matcher("/actuator/**"), PATHS.matcher("/v3/api-docs/**"));

	/** Public files: no actor needed, so no query per request. */
	private static final RequestMatcher STATIC_RESOURCES = RequestMatchers.anyOf(PATHS.matcher("/css/**"),
			PATHS.matcher("/js/**"), PATHS.matcher("/vendor/**"), PATHS.matcher("/webjars/**"),
			PATHS.matcher("/favicon.ico"));

	/**
	 * Static because method security's infrastructure beans are created early and look it up; an infrastructure bean
	 * for the same reason, so that Spring does not warn that the post-processors created after it skip it (it needs
	 * none of them).
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role("ADMIN").implies("OPERATOR")
			.role("OPERATOR").implies("VIEWER")
			.build();
	}

	/**
	 * With Spring Security's observations switched off ({@code management.observations.enable.spring.security:
	 * false}, application.yml), also leave out the decorators that would wrap every filter of both chains in a
	 * no-op observation (issue 8: a few percent of an API request's CPU).
	 */
	@Bean
	@ConditionalOnProperty(name = "management.observations.enable.spring.security", havingValue = "false")
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/**
	 * The bearer chain: API requests that carry {@code Authorization: Bearer …} (well-formed or not). They are
	 * authenticated by the token alone (a bad token is a 401, never a fall-back to the session), so this chain has
	 * none of the session's filters: no session (nor session management), no CSRF (bearer requests are exempt from it in the API chain too),
	 * no request cache, no logout, no anonymous user, no request actor (a token's actor comes from the token), no
	 * servlet API wrapper. The same URL rules, problems and headers as {@link #apiFilterChain}; the security context
	 * is kept in the request only, so an async dispatch (a run wait, an event stream) sees the same actor. Issue 8,
	 * fifth round: the API chain ran 14 filters per bearer request.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain bearerFilterChain(HttpSecurity http, TokenAuthenticator tokenAuthenticator,
			TokenThrottle throttle, AuthenticationEventPublisher authenticationEvents) {
		ProblemSecurityResponses problems = new ProblemSecurityResponses();
		http.securityMatcher(RequestMatchers.allOf(API_PATHS, BearerTokenAuthenticationConverter::hasBearerHeader))
			.addFilterBefore(bearerTokenFilter(tokenAuthenticator, throttle, problems, authenticationEvents),
					BasicAuthenticationFilter.class)
			.authorizeHttpRequests(SecurityConfiguration::apiRules)
			// the context lives in the request only (an async dispatch finds it there); no session management at all
			.securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.sessionManagement(session -> session.disable())
			.requestCache(cache -> cache.disable())
			.csrf(csrf -> csrf.disable())
			.logout(logout -> logout.disable())
			.anonymous(anonymous -> anonymous.disable())
			.servletApi(servletApi -> servletApi.disable())
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.headers(SecurityConfiguration::headers);
		return http.build();
	}

	/**
	 * The API chain for requests without a bearer header: the browser's session (the run page's JavaScript), or
	 * nobody (401).
	 */
	@Bean
	@Order(1)
	SecurityFilterChain apiFilterChain(HttpSecurity http, TokenAuthenticator tokenAuthenticator,
			TokenThrottle throttle, ActorLoader actors, AuthenticationEventPublisher authenticationEvents) {
		ProblemSecurityResponses problems = new ProblemSecurityResponses();
		http.securityMatcher(API_PATHS)
			.addFilterBefore(bearerTokenFilter(tokenAuthenticator, throttle, problems, authenticationEvents), BasicAuthenticationFilter.class)
			.addFilterBefore(new RequestActorFilter(actors, PATHS.matcher("/actuator/health/**")),
					AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests(SecurityConfiguration::apiRules)
			// NEVER: use the browser's session when there is one, never start one (bearer calls stay stateless)
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache(cache -> cache.requestCache(new NullRequestCache()))
			.csrf(csrf -> csrf.ignoringRequestMatchers(withoutAmbientCredentials()))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.headers(SecurityConfiguration::headers);
		return http.build();
	}

	/** The URL rules of both API chains. */
	private static void apiRules(
			AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
		requests.requestMatchers(PATHS.matcher("/actuator/health/**")).permitAll()
			.requestMatchers(PATHS.matcher("/actuator/prometheus")).access(SecurityConfiguration::unscoped)
			.anyRequest().hasRole("VIEWER");
	}

	/**
	 * The Prometheus scrape holds every environment's figures (server names, health, backup age, drills): only an
	 * actor that sees every environment may read it, so a token scoped to some environments gets {@code 403} (docs/
	 * security.md, "Lists follow the scope"; docs/monitoring.md). Every Opsdeck role includes {@code VIEWER}.
	 */
	private static AuthorizationResult unscoped(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		Authentication current = authentication.get();
		return new AuthorizationDecision(current != null && current.isAuthenticated()
				&& current.getPrincipal() instanceof Actor actor && actor.environments() == null);
	}

	/**
	 * The page chain. Form login goes through {@link #formLoginManager}, which throttles it; a locked name or
	 * address is sent to {@code /login?locked=<minutes>}.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain pageFilterChain(HttpSecurity http, UserDetailsService users, PasswordEncoder passwordEncoder,
			LoginThrottle throttle, ActorLoader actors, AuthenticationEventPublisher authenticationEvents) {
		http.authorizeHttpRequests(requests -> requests
				.requestMatchers("/login", "/css/**", "/js/**", "/vendor/**", "/webjars/**", "/favicon.ico", "/error")
				.permitAll()
				.anyRequest().authenticated())
			.authenticationManager(formLoginManager(users, passwordEncoder, throttle, authenticationEvents))
			.addFilterBefore(new RequestActorFilter(actors, STATIC_RESOURCES), AnonymousAuthenticationFilter.class)
			.formLogin(form -> form.loginPage("/login").permitAll().failureHandler(SecurityConfiguration::loginFailed))
			.logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
			.exceptionHandling(exceptions -> exceptions.accessDeniedHandler(SecurityConfiguration::pageAccessDenied))
			.headers(SecurityConfiguration::headers);
		return http.build();
	}

	/**
	 * A form posted from a page whose session has ended (Opsdeck restarted: sessions live in memory; signed out in
	 * another tab; timed out) fails its CSRF check. Instead of a bare 403 page, the browser goes to
	 * {@code /login?expired}, which says so and that nothing was saved. A session that is still alive with a missing
	 * or wrong token (a forged form) keeps the plain 403, as does every other refusal.
	 */
	private static void pageAccessDenied(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException exception) throws IOException, ServletException {
		if (exception instanceof CsrfException && request.getRequestedSessionId() != null
				&& !request.isRequestedSessionIdValid()) {
			response.sendRedirect(request.getContextPath() + "/login?expired");
			return;
		}
		PAGE_ACCESS_DENIED.handle(request, response, exception);
	}

	/**
	 * Spring's user-name/password provider behind the {@link LoginThrottle} (docs/security.md). It publishes Spring
	 * Security's authentication events (success, failure): the audit log records sign-ins and failed sign-ins.
	 */
	private static AuthenticationManager formLoginManager(UserDetailsService users, PasswordEncoder passwordEncoder,
			LoginThrottle throttle, AuthenticationEventPublisher authenticationEvents) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(passwordEncoder);
		ProviderManager manager = new ProviderManager(new ThrottledAuthenticationProvider(provider, throttle));
		manager.setAuthenticationEventPublisher(authenticationEvents);
		return manager;
	}

	/**
	 * Back to the sign-in page: {@code ?locked=<minutes>} while the name or address is locked, else {@code ?error}.
	 * Neither says whether the user exists. No session is created for a failure.
	 */
	private static void loginFailed(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		String target = (exception instanceof TooManyFailuresException tooMany)
				? "/login?locked=" + tooMany.retryAfterMinutes() : "/login?error";
		response.sendRedirect(request.getContextPath() + target);
	}

	/**
	 * Spring's {@link AuthenticationFilter} with our converter and provider. It keeps the result in the request
	 * only (its default security context repository) and never sees the session ({@link SessionlessAuthentication}:
	 * it would change an existing session's id), so bearer calls never touch a session; on success the chain
	 * goes on, on failure the client gets a 401 problem. A rejected token is published as an authentication failure
	 * event (the audit log records it). An accepted token is not published: every API call would be an application
	 * event that no listener records (the audit log keeps no entry per successful bearer call, see
	 * {@code AuthenticationAudit}), and dispatching it to the context's listeners was ~2 % of an API request's CPU
	 * (issue 8, fourth round).
	 */
	private static SessionlessAuthentication bearerTokenFilter(TokenAuthenticator tokenAuthenticator,
			TokenThrottle throttle, ProblemSecurityResponses problems,
			AuthenticationEventPublisher authenticationEvents) {
		ProviderManager manager = new ProviderManager(
				new BearerTokenAuthenticationProvider(tokenAuthenticator, throttle));
		manager.setAuthenticationEventPublisher(new FailuresOnly(authenticationEvents));
		AuthenticationFilter filter = new AuthenticationFilter(manager, new BearerTokenAuthenticationConverter());
		filter.setSuccessHandler((request, response, authentication) -> {
		});
		filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
		return new SessionlessAuthentication(filter);
	}

	/** Publishes failed authentications only (see {@link #bearerTokenFilter}). */
	private record FailuresOnly(AuthenticationEventPublisher delegate) implements AuthenticationEventPublisher {

		@Override
		public void publishAuthenticationSuccess(Authentication authentication) {
		}

		@Override
		public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
			delegate.publishAuthenticationFailure(exception, authentication);
		}

	}

	/**
	 * CSRF protects ambient credentials, i.e. the session cookie. A bearer request is authenticated by its header
	 * alone (a bad token is a 401, never a fall-back to the session), and a request without a session has nothing
	 * to protect; it then gets the 401 it deserves rather than a CSRF 403.
	 */
	private static RequestMatcher withoutAmbientCredentials() {
		return request -> BearerTokenAuthenticationConverter.hasBearerHeader(request)
				|| request.getSession(false) == null;
	}

	private static void headers(HeadersConfigurer<HttpSecurity> headers) {
		headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
			.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN));
	}

}
