package io.opsdeck.audit.web;

import java.util.Map;
import java.util.Set;

import io.opsdeck.audit.internal.AuditContext;
import io.opsdeck.identity.EnvironmentResolver;
import io.opsdeck.identity.RequiresEnvironmentRole;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Fills in the environment of a mutating request whose handler carries {@link RequiresEnvironmentRole}, by the same
 * {@link EnvironmentResolver} the access check uses, before the handler runs (a deleted server has no environment
 * afterwards). Best effort: an unknown resource or a resolver that fails leaves the environment empty. Handlers
 * whose environment is in the body ({@code resolver = "body"}) get it when they queue a run
 * ({@code RunQueued}).
 */
final class AuditEnvironmentInterceptor implements HandlerInterceptor {

	private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

	private final ObjectProvider<EnvironmentResolver> resolvers;

	AuditEnvironmentInterceptor(ObjectProvider<EnvironmentResolver> resolvers) {
		this.resolvers = resolvers;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method) || !MUTATING.contains(request.getMethod())
				|| !(request.getAttribute(AuditContext.ATTRIBUTE) instanceof AuditContext context)) {
			return true;
		}
		RequiresEnvironmentRole rule = method.getMethodAnnotation(RequiresEnvironmentRole.class);
		if (rule == null || RequiresEnvironmentRole.BODY.equals(rule.resolver())) {
			return true;
		}
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		Object value = (variables instanceof Map<?, ?> map) ? map.get(rule.variable()) : null;
		if (!(value instanceof String id)) {
			return true;
		}
		try {
			if (RequiresEnvironmentRole.ENVIRONMENT.equals(rule.resolver())) {
				context.environment(id);
			}
			else {
				resolvers.orderedStream()
					.filter(resolver -> resolver.resource().equals(rule.resolver()))
					.findFirst()
					.flatMap(resolver -> resolver.environmentOf(id))
					.ifPresent(context::environment);
			}
		}
		catch (RuntimeException ex) {
			// best effort: the entry goes without an environment
		}
		return true;
	}

}
