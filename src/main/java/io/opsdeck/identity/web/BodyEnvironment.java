package io.opsdeck.identity.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * The environment a refused {@code @RequiresEnvironmentRole(resolver = "body")} request names, so that its
 * {@code 403} can say where the role is missing ("needs the ADMIN role in environment 'production'") instead of
 * "in an environment". Read only on the refusal path (the request is answered {@code 403} anyway, so consuming its
 * body costs nothing else); a request that is let through is never read here.
 * <p>
 * Only a top-level {@code environment} field (JSON) or form parameter counts, and only when it looks like an
 * environment name (inventory's rule, {@code ^[a-z0-9][a-z0-9-]{0,62}$}): the answer repeats nothing else the client
 * sent. Naming it leaks nothing: the caller typed it.
 */
final class BodyEnvironment {

	private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

	/** Bodies are capped at 1 MiB before this point ({@code io.opsdeck.system.RequestBodyLimit}); read no more. */
	private static final int MAX_BYTES = 1 << 20;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private BodyEnvironment() {
	}

	/**
	 * @param request a request about to be refused
	 * @return the environment name it names, or {@code null} when it names none (or no valid one)
	 */
	static @Nullable String of(HttpServletRequest request) {
		String value = null;
		String type = request.getContentType();
		try {
			if (type != null && MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(type))) {
				value = request.getParameter("environment");
			}
			else if (type != null && MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON)) {
				try (InputStream in = request.getInputStream()) {
					JsonNode environment = JSON.readTree(in.readNBytes(MAX_BYTES)).get("environment");
					value = (environment != null && environment.isString()) ? environment.asString() : null;
				}
			}
		}
		catch (IOException | JacksonException | IllegalArgumentException ex) {
			return null; // unreadable: the generic message
		}
		return (value != null && NAME.matcher(value).matches()) ? value : null;
	}

}
