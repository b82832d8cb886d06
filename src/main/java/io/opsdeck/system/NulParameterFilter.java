package io.opsdeck.system;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects any request whose query or form parameters (names or values) contain a NUL character ({@code %00}), which
 * PostgreSQL cannot store or compare in {@code text}, or cannot be decoded at all (percent-encoded bytes that are not
 * UTF-8, such as {@code %FF}): {@code /api/**} gets a 400 problem naming the parameter, pages get the 400 error page
 * naming it ({@link PageErrorMessages}). Runs before Spring Security, after the character encoding filter, so the login form
 * is covered too.
 */
class NulParameterFilter extends OncePerRequestFilter {

	private static final int MAX_NAME = 64;

	private final JsonMapper json;

	NulParameterFilter(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Map<String, String[]> parameters;
		try {
			parameters = request.getParameterMap();
		}
		catch (RuntimeException ex) {
			// Tomcat could not decode the parameters (e.g. %FF: not UTF-8); it would answer with Boot's error JSON
			if (!ApiPaths.isApi(request)) {
				response.sendError(HttpStatus.BAD_REQUEST.value());
				return;
			}
			ParameterProblems.write(request, response, this.json, QueryStrings.undecodable(request.getQueryString()),
					"must be percent-encoded UTF-8");
			return;
		}
		String parameter = parameterWithNul(parameters);
		if (parameter == null) {
			chain.doFilter(request, response);
			return;
		}
		if (!ApiPaths.isApi(request)) {
			PageErrorMessages.set(request, "The field '" + parameter + "' contains a NUL character (\\u0000), which "
					+ "Opsdeck cannot store. Go back, remove it (it often comes with text pasted from a terminal) and "
					+ "send the form again.");
			response.sendError(HttpStatus.BAD_REQUEST.value());
			return;
		}
		ParameterProblems.write(request, response, this.json, parameter, UnreadableRequestBody.NUL_MESSAGE);
	}

	private static @Nullable String parameterWithNul(Map<String, String[]> parameters) {
		for (Map.Entry<String, String[]> entry : parameters.entrySet()) {
			boolean nul = entry.getKey().indexOf('\0') >= 0;
			for (String value : entry.getValue()) {
				nul |= value != null && value.indexOf('\0') >= 0;
			}
			if (nul) {
				String name = entry.getKey().replace("\0", "\\u0000");
				return (name.length() > MAX_NAME) ? name.substring(0, MAX_NAME) + "…" : name;
			}
		}
		return null;
	}

}
