package io.opsdeck.backups.web;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Reads the body of a destructive request strictly, unlike the application's lenient mapper: an unknown field (a
 * typo such as {@code retention_days}) is refused rather than ignored, booleans must be JSON {@code true}/{@code false}
 * (not {@code 0}, {@code "false"} or {@code ""}) and whole numbers must be JSON integers (not {@code 1.5} or
 * {@code "5"}). A refusal is a 400 problem detail naming the field, through the global handler of unreadable bodies;
 * then the body is validated (Bean Validation), a violation being a 400 naming the field too.
 */
@Component
class StrictBody {

	private final JsonMapper strict;

	private final Validator validator;

	StrictBody(JsonMapper mapper, Validator validator) {
		this.strict = mapper.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.build();
		this.validator = validator;
	}

	/**
	 * @param body the body as parsed JSON, or {@code null} when there was none
	 * @param type the request record
	 * @param empty the value of an absent body
	 * @param request the HTTP request, for the error
	 * @return the valid request
	 * @throws HttpMessageNotReadableException (400) on an unknown field or a value of the wrong JSON type
	 * @throws ConstraintViolationException (400) when a constraint of {@code type} is violated
	 */
	<T> T read(@Nullable JsonNode body, Class<T> type, T empty, HttpServletRequest request) {
		T value;
		if (body == null || body.isMissingNode() || body.isNull()) {
			value = empty;
		}
		else {
			try {
				value = strict.treeToValue(body, type);
			}
			catch (JacksonException ex) {
				throw new HttpMessageNotReadableException("Request body is invalid: " + ex.getOriginalMessage(), ex,
						new ServletServerHttpRequest(request));
			}
		}
		Set<ConstraintViolation<T>> violations = validator.validate(value);
		if (!violations.isEmpty()) {
			throw new ConstraintViolationException(violations);
		}
		return value;
	}

}
