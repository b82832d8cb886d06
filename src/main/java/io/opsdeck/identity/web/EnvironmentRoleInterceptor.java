package io.opsdeck.identity.web;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opsdeck.identity.Actor;
import io.opsdeck.identity.Actors;
import io.opsdeck.identity.EnvironmentAccess;
import io.opsdeck.identity.EnvironmentResolver;
import io.opsdeck.identity.RequiresEnvironmentRole;
import io.opsdeck.identity.Role;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Enforces {@link RequiresEnvironmentRole} before the handler runs (and so before its body is read): the path
 * variable is mapped to its environment(s) by the {@link EnvironmentResolver} named in the annotation, and the
 * current actor needs the role in each. A denial throws {@link AccessDeniedException}, which the API's problem
 * advice answers with a {@code 403} problem and the page chain with its {@code 403} page, exactly as for
 * {@code @PreAuthorize}. An unknown resource passes through to the handler's {@code 404}; {@code resolver = "body"}
 * passes through to the service's own check.
 * <p>
 * A plain {@code @PreAuthorize("hasRole('X')")} is checked here too, against the base role, so that a caller without
 * the role gets {@code 403} whatever the body: method security alone would run only after the body was bound, and
 * answer a malformed body with {@code 400}. Method security still applies as before.
 */
final class EnvironmentRoleInterceptor implements HandlerInterceptor {

	private static final Pattern HAS_ROLE = Pattern.compile("^\\s*hasRole\\('(VIEWER|OPERATOR|ADMIN)'\\)\\s*$");

	private final Map<Method, Optional<Role>> baseRoles = new ConcurrentHashMap<>();

	private final Map<String, EnvironmentResolver> resolvers;

	/**
	 * @param resolvers every resolver bean; two with the same {@link EnvironmentResolver#resource()} are a start-up
	 * error. Without an {@code environment} bean the variable is taken as the environment's name unchecked.
	 */
	EnvironmentRoleInterceptor(List<EnvironmentResolver> resolvers) {
		Map<String, EnvironmentResolver> byName = new HashMap<>();
		for (EnvironmentResolver resolver : resolvers) {
			EnvironmentResolver previous = byName.put(resolver.resource(), resolver);
			if (previous != null) {
				throw new IllegalStateException("Two EnvironmentResolvers for '" + resolver.resource() + "': "
						+ previous.getClass().getName() + " and " + resolver.getClass().getName());
			}
		}
		this.resolvers = Map.copyOf(byName);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method) || request.getDispatcherType() != DispatcherType.REQUEST) {
			return true; // async and error dispatches were checked on the original request
		}
		Optional<Role> baseRole = baseRoles.computeIfAbsent(method.getMethod(), m -> baseRole(method));
		RequiresEnvironmentRole rule = method.getMethodAnnotation(RequiresEnvironmentRole.class);
		if (baseRole.isEmpty() && rule == null) {
			return true;
		}
		Actor actor = Actors.find().orElseThrow(() -> new AccessDeniedException("Authentication required"));
		if (baseRole.isPresent() && !actor.role().includes(baseRole.get())) {
			throw new AccessDeniedException("Your role does not allow this action");
		}
		if (rule == null) {
			return true;
		}
		if (RequiresEnvironmentRole.BODY.equals(rule.resolver())) {
			// the service checks each environment; whoever has the role nowhere is refused before the body is read
			if (!actor.highestRole().includes(rule.value())) {
				String named = BodyEnvironment.of(request);
				throw (named != null) ? EnvironmentAccess.denied(rule.value(), named)
						: new AccessDeniedException("This action needs the " + rule.value() + " role in an environment");
			}
			return true;
		}
		String value = pathVariable(request, rule.variable());
		if (value == null) {
			throw new AccessDeniedException("Route rule names path variable '" + rule.variable()
					+ "', which this route does not have");
		}
		Optional<Set<String>> environments = environmentsOf(rule.resolver(), value);
		if (environments.isEmpty()) {
			return true; // no such resource: the handler answers 404
		}
		if (environments.get().isEmpty()) {
			EnvironmentAccess.requireUnscoped(actor, rule.value());
		}
		EnvironmentAccess.requireAll(actor, rule.value(), environments.get().stream().sorted().toList());
		return true;
	}

	private Optional<Set<String>> environmentsOf(String resolverName, String value) {
		EnvironmentResolver resolver = resolvers.get(resolverName);
		if (resolver != null) {
			return resolver.environmentsOf(value);
		}
		if (RequiresEnvironmentRole.ENVIRONMENT.equals(resolverName)) {
			return Optional.of(Set.of(value));
		}
		throw new IllegalStateException("No EnvironmentResolver for '" + resolverName + "'");
	}

	private static Optional<Role> baseRole(HandlerMethod method) {
		PreAuthorize rule = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), PreAuthorize.class);
		if (rule == null) {
			rule = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), PreAuthorize.class);
		}
		Matcher matcher = (rule != null) ? HAS_ROLE.matcher(rule.value()) : null;
		return (matcher != null && matcher.matches()) ? Optional.of(Role.valueOf(matcher.group(1))) : Optional.empty();
	}

	@SuppressWarnings("unchecked")
	private static String pathVariable(HttpServletRequest request, String name) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		return (variables instanceof Map<?, ?> map) ? ((Map<String, String>) map).get(name) : null;
	}

}
