package io.opsdeck.audit.web;

import java.util.Map;
import java.util.StringJoiner;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The route an audited request addressed: the best-matching pattern and its path variables, as Spring MVC found
 * them. A request that Spring Security answered before it reached Spring MVC (401, 403, a redirect to the sign-in
 * page) is looked up in the controllers' handler mapping afterwards; a request no controller serves is named by its
 * path (no query string). A path variable or path segment shaped like an API token ({@code odk_…}) is cut to its
 * first 8 characters.
 */
final class RouteLookup {

	private final ApplicationContext context;

	private volatile @Nullable HandlerMapping controllers;

	RouteLookup(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * The route, its target ({@code id=…, name=…}) and the environment a path variable names under
	 * {@code /environments}.
	 *
	 * @param pattern {@code /api/v1/runs/{id}/cancel}, or the request's path when no route matched
	 * @param target path variables as {@code name=value, …}, or {@code null}
	 * @param environment value of the {@code name} or {@code environment} variable of an environment's route
	 */
	record Route(String pattern, @Nullable String target, @Nullable String environment) {
	}

	@SuppressWarnings("unchecked")
	Route of(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (!(pattern instanceof String) || "/**".equals(pattern)) {
			lookUp(request);
			pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		}
		if (!(pattern instanceof String matched) || "/**".equals(matched)) {
			return new Route(masked(pathOf(request)), null, null);
		}
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		Map<String, String> values = (variables instanceof Map<?, ?> map) ? (Map<String, String>) map : Map.of();
		StringJoiner target = new StringJoiner(", ");
		values.forEach((name, value) -> target.add(name + "=" + masked(value)));
		String environment = null;
		if (matched.startsWith("/environments/") || matched.startsWith("/api/v1/environments/")) {
			environment = values.containsKey("name") ? values.get("name") : values.get("environment");
		}
		return new Route(matched, values.isEmpty() ? null : target.toString(), environment);
	}

	/** Asks the controllers' handler mapping, which stores the pattern and variables on the request. */
	private void lookUp(HttpServletRequest request) {
		boolean parsed = ServletRequestPathUtils.hasParsedRequestPath(request);
		try {
			if (!parsed) {
				ServletRequestPathUtils.parseAndCache(request);
			}
			controllers().getHandler(request);
		}
		catch (Exception ex) {
			// no route (405, 415, ...): the path names it
		}
		finally {
			if (!parsed) {
				ServletRequestPathUtils.clearParsedRequestPath(request);
			}
		}
	}

	private HandlerMapping controllers() {
		HandlerMapping mapping = controllers;
		if (mapping == null) {
			mapping = context.getBean("requestMappingHandlerMapping", HandlerMapping.class);
			controllers = mapping;
		}
		return mapping;
	}

	private static String pathOf(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return (contextPath != null && !contextPath.isEmpty() && uri.startsWith(contextPath))
				? uri.substring(contextPath.length()) : uri;
	}

	/** Cuts every {@code odk_…} run of characters to its first 8: a token pasted into a URL stays out. */
	static String masked(String text) {
		int at = text.indexOf("odk_");
		if (at < 0) {
			return text;
		}
		StringBuilder out = new StringBuilder(text.length());
		int i = 0;
		while (at >= 0) {
			out.append(text, i, Math.min(text.length(), at + 8));
			int end = at + 4;
			while (end < text.length() && text.charAt(end) != '/' && text.charAt(end) != ',' && text.charAt(end) != ' ') {
				end++;
			}
			if (end > at + 8) {
				out.append('…');
			}
			i = Math.max(end, Math.min(text.length(), at + 8));
			at = text.indexOf("odk_", i);
		}
		out.append(text, i, text.length());
		return out.toString();
	}

}
