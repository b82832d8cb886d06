package io.opsdeck.system;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.opsdeck.system.NulCharacterModule.NulCharacterException;
import io.opsdeck.system.NulCharacterModule.UnpairedSurrogateException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Explains a request body Jackson could not read: which field (as a JSON path such as {@code servers[0]} or
 * {@code extraVars.region}) and what it must be ({@code "must be a UUID"}), or where the JSON syntax (or its UTF-8
 * encoding, which JSON requires: RFC 8259, section 8.1) breaks. Never
 * repeats the value sent; path segments taken from free-form keys are cut to {@value #MAX_SEGMENT} characters.
 */
final class UnreadableRequestBody {

	static final String NUL_MESSAGE = "must not contain NUL characters (\\u0000)";

	static final String SURROGATE_MESSAGE = "must be Unicode text: a \\ud800-\\udfff escape only as half of a surrogate pair";

	static final String DUPLICATE_MESSAGE = "is given more than once";

	/** How jackson-core 3 starts the message of {@code STRICT_DUPLICATE_DETECTION} (JsonReadContext). */
	private static final String DUPLICATE_PREFIX = "Duplicate Object property \"";

	private static final int MAX_SEGMENT = 64;

	private static final int MAX_PATH = 256;

	private UnreadableRequestBody() {
	}

	/**
	 * @param ex what Spring MVC reported
	 * @return a 400 problem; with {@code errors: [{field, message}]} when the fault lies in one field
	 */
	static ProblemDetail problem(HttpMessageNotReadableException ex) {
		if (ex instanceof Utf8Bodies.NotUtf8) {
			return ApiProblemAdvice.validationProblem(Utf8Bodies.DETAIL, List.of());
		}
		JacksonException jackson = jacksonCause(ex);
		if (jackson == null) {
			boolean missing = ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing");
			return ApiProblemAdvice.validationProblem(missing ? "Request body is missing" : "Request body could not be read",
					List.of());
		}
		if (jackson.getOriginalMessage() != null && jackson.getOriginalMessage().startsWith("Trailing token")) {
			// FAIL_ON_TRAILING_TOKENS (Jackson 3's default): {"a":1}{"b":2} or {"a":1} x
			return ApiProblemAdvice.validationProblem("Request body is not valid JSON: more than one value", List.of());
		}
		String duplicate = duplicateProperty(jackson);
		if (duplicate != null) {
			return ApiProblemAdvice.validationProblem("Request body is invalid",
					List.of(ApiProblemAdvice.fieldError(duplicate, DUPLICATE_MESSAGE)));
		}
		if (jackson instanceof StreamReadException && !(jackson instanceof InputCoercionException)) {
			TokenStreamLocation location = jackson.getLocation();
			String where = (location != null && location.getLineNr() > 0)
					? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
			String what = (jackson.getOriginalMessage() != null
					&& jackson.getOriginalMessage().startsWith("Invalid UTF-8")) ? "not valid UTF-8" : "not valid JSON";
			return ApiProblemAdvice.validationProblem("Request body is " + what + where, List.of());
		}
		return ApiProblemAdvice.validationProblem("Request body is invalid",
				List.of(ApiProblemAdvice.fieldError(path(jackson), message(jackson))));
	}

	/**
	 * @param type the Java type a value had to become
	 * @return what a client must send for it, e.g. {@code "a whole number from -2147483648 to 2147483647"}
	 */
	static String describe(@Nullable Class<?> type) {
		if (type == null) {
			return "a value of another type";
		}
		if (type == Integer.class || type == int.class) {
			return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
		}
		if (type == Long.class || type == long.class || type == Short.class || type == short.class
				|| type == BigInteger.class) {
			return "a whole number";
		}
		if (type == Double.class || type == double.class || type == Float.class || type == float.class
				|| type == BigDecimal.class || type == Number.class) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == String.class || type == Character.class || type == char.class) {
			return "a string";
		}
		if (type == UUID.class) {
			return "a UUID such as 123e4567-e89b-12d3-a456-426614174000";
		}
		if (type == Instant.class) {
			return "an ISO-8601 instant such as 2025-01-31T12:00:00Z";
		}
		if (type == Duration.class) {
			return "an ISO-8601 duration such as PT30S";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants()).map((c) -> ((Enum<?>) c).name())
				.collect(Collectors.joining(", "));
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "a list";
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
			return "an object";
		}
		return "a value of type " + type.getSimpleName();
	}

	/**
	 * @return the name of a property the body gives twice in one object (Jackson's {@code STRICT_DUPLICATE_DETECTION},
	 * see {@link WebConfiguration}), cut to {@value #MAX_SEGMENT} characters; {@code null} for other faults
	 */
	private static @Nullable String duplicateProperty(JacksonException ex) {
		String message = ex.getOriginalMessage();
		if (!(ex instanceof StreamReadException) || message == null || !message.startsWith(DUPLICATE_PREFIX)) {
			return null;
		}
		int end = message.lastIndexOf('"');
		String name = (end > DUPLICATE_PREFIX.length()) ? message.substring(DUPLICATE_PREFIX.length(), end) : "body";
		name = (name.length() > MAX_SEGMENT) ? name.substring(0, MAX_SEGMENT) + "…" : name;
		return name.replace("\0", "\\u0000");
	}

	private static String message(JacksonException ex) {
		if (ex instanceof NulCharacterException) {
			return NUL_MESSAGE;
		}
		if (ex instanceof UnpairedSurrogateException) {
			return SURROGATE_MESSAGE;
		}
		if (ex instanceof StreamConstraintsException && ex.getOriginalMessage() != null
				&& ex.getOriginalMessage().startsWith("Number value length")) {
			return "is too long: a number has at most 1000 digits"; // StreamReadConstraints.DEFAULT_MAX_NUM_LEN
		}
		if (ex instanceof StreamConstraintsException) {
			return "is too long or too deeply nested";
		}
		if (ex instanceof UnrecognizedPropertyException) {
			return "is not a known field";
		}
		if (ex instanceof MismatchedInputException mismatch) {
			return mustBe(mismatch.getTargetType(), ex);
		}
		if (ex instanceof InputCoercionException coercion) {
			return mustBe(coercion.getTargetType(), ex);
		}
		return "has an invalid value";
	}

	/**
	 * For a whole-number field that declares its range ({@code @Min}, {@code @Max} and kin, as query parameters do,
	 * see {@link ParameterMismatch}), that range, e.g. {@code "must be a whole number from 1 to 3650"} for a
	 * token's {@code expiresInDays}, rather than the range of its Java type.
	 */
	private static String mustBe(@Nullable Class<?> type, JacksonException ex) {
		long[] range = ParameterMismatch.typeRange(type);
		Field field = (range != null) ? field(ex) : null;
		long[] declared = (field != null) ? ParameterMismatch.declaredRange(range, field::getAnnotation) : null;
		if (declared == null) {
			return "must be " + describe(type);
		}
		return "must be a whole number from " + declared[0] + " to " + declared[1];
	}

	/** @return the field (or record component) of the path's last named segment, when Jackson says whose it is */
	private static @Nullable Field field(JacksonException ex) {
		List<JacksonException.Reference> path = ex.getPath();
		if (path.isEmpty()) {
			return null;
		}
		JacksonException.Reference last = path.get(path.size() - 1);
		Object from = last.from();
		if (last.getPropertyName() == null || from == null) {
			return null;
		}
		for (Class<?> type = (from instanceof Class<?> c) ? c : from.getClass(); type != null
				&& type != Object.class; type = type.getSuperclass()) {
			try {
				return type.getDeclaredField(last.getPropertyName());
			}
			catch (NoSuchFieldException notHere) {
				// a superclass may declare it
			}
		}
		return null;
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				String name = reference.getPropertyName();
				path.append(path.isEmpty() ? "" : ".")
					.append((name.length() > MAX_SEGMENT) ? name.substring(0, MAX_SEGMENT) + "…" : name);
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
			if (path.length() > MAX_PATH) {
				return path.substring(0, MAX_PATH) + "…";
			}
		}
		return path.isEmpty() ? "body" : path.toString().replace("\0", "\\u0000");
	}

	private static @Nullable JacksonException jacksonCause(Throwable ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson) {
				return jackson;
			}
		}
		return null;
	}

}
