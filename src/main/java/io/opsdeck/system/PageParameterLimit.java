package io.opsdeck.system;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a {@code page} request parameter at most {@value #MAX_PAGE} on every list, whatever the module: an API call
 * ({@code /api/**}) above it gets a 400 problem naming {@code page}; a page request is served the highest page
 * instead, as the list pages do for any number a person types. Lists page at most 200 items, so the row offset
 * ({@code page * size}) stays far below {@link Integer#MAX_VALUE}, where Spring Data fails with a 500 ({@code Page
 * offset exceeds Integer.MAX_VALUE}). The bound is the one the inventory, credentials and token lists apply
 * themselves. Values that are not numbers are left to parameter binding (400 for the API).
 */
class PageParameterLimit extends OncePerRequestFilter {

	/** Highest page number: {@code 1_000_000 * 200 < 2^31}. */
	static final int MAX_PAGE = 1_000_000;

	static final String MESSAGE = "must be between 0 and " + MAX_PAGE;

	private final JsonMapper json;

	PageParameterLimit(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!tooLarge(request.getParameterValues("page"))) {
			chain.doFilter(request, response);
		}
		else if (ApiPaths.isApi(request)) {
			ParameterProblems.write(request, response, this.json, "page", MESSAGE);
		}
		else {
			chain.doFilter(new HighestPage(request), response);
		}
	}

	private static boolean tooLarge(String[] values) {
		if (values == null) {
			return false;
		}
		for (String value : values) {
			try {
				if (value != null && Long.parseLong(value.trim()) > MAX_PAGE) {
					return true;
				}
			}
			catch (NumberFormatException ex) {
				// not a number: parameter binding answers it
			}
		}
		return false;
	}

	/** The request with {@code page} replaced by {@value #MAX_PAGE}. */
	private static final class HighestPage extends HttpServletRequestWrapper {

		private static final String[] HIGHEST = { Integer.toString(MAX_PAGE) };

		HighestPage(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getParameter(String name) {
			return "page".equals(name) ? HIGHEST[0] : super.getParameter(name);
		}

		@Override
		public String[] getParameterValues(String name) {
			return "page".equals(name) ? HIGHEST.clone() : super.getParameterValues(name);
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			Map<String, String[]> parameters = new LinkedHashMap<>(super.getParameterMap());
			parameters.put("page", HIGHEST.clone());
			return Collections.unmodifiableMap(parameters);
		}

	}

}
