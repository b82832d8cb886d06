package io.opsdeck.system;

import io.opsdeck.shared.Paging;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.Range;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Says what a request parameter that could not be converted must be. For a whole-number parameter the range is the
 * one the parameter declares ({@code @Min}, {@code @Max}, {@code @Range}, {@code @Positive} and kin, e.g. {@code
 * "must be a whole number from 0 to 300"}), within its Java type's range; a {@code page} parameter is further held to
 * 0-{@value PageParameterLimit#MAX_PAGE}, the bound {@link PageParameterLimit} applies to every list, and a {@code size}
 * parameter that declares no bound to 1-{@value Paging#MAX_SIZE}, the bound {@link Paging#size} applies to the lists
 * that check it in code. Other types get {@link UnreadableRequestBody#describe}. Never repeats the value sent.
 */
final class ParameterMismatch {

	private ParameterMismatch() {
	}

	/**
	 * @param ex what Spring MVC reported for a parameter it could not convert
	 * @return e.g. {@code "must be a whole number from 0 to 300"} or {@code "must be a UUID such as …"}
	 */
	static String message(TypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		MethodParameter parameter = (ex instanceof MethodArgumentTypeMismatchException argument)
				? argument.getParameter() : null;
		long[] range = typeRange(type);
		if (range == null || parameter == null) {
			return "must be " + UnreadableRequestBody.describe(type);
		}
		long min = range[0];
		long max = range[1];
		boolean declared = false;
		Min atLeast = parameter.getParameterAnnotation(Min.class);
		if (atLeast != null) {
			min = Math.max(min, atLeast.value());
			declared = true;
		}
		Max atMost = parameter.getParameterAnnotation(Max.class);
		if (atMost != null) {
			max = Math.min(max, atMost.value());
			declared = true;
		}
		Range between = parameter.getParameterAnnotation(Range.class);
		if (between != null) {
			min = Math.max(min, between.min());
			max = Math.min(max, between.max());
			declared = true;
		}
		if (parameter.hasParameterAnnotation(Positive.class)) {
			min = Math.max(min, 1);
			declared = true;
		}
		if (parameter.hasParameterAnnotation(PositiveOrZero.class)) {
			min = Math.max(min, 0);
			declared = true;
		}
		if (parameter.hasParameterAnnotation(Negative.class)) {
			max = Math.min(max, -1);
			declared = true;
		}
		if (parameter.hasParameterAnnotation(NegativeOrZero.class)) {
			max = Math.min(max, 0);
			declared = true;
		}
		if ("page".equals(ex.getPropertyName())) {
			min = Math.max(min, 0);
			max = Math.min(max, PageParameterLimit.MAX_PAGE);
			declared = true;
		}
		if (!declared && "size".equals(ex.getPropertyName())) {
			min = 1;
			max = Paging.MAX_SIZE;
			declared = true;
		}
		if (!declared && (type == Long.class || type == long.class)) {
			// as for a body field of this type: the full 64-bit range is no help to a reader
			return "must be a whole number";
		}
		return "must be a whole number from " + min + " to " + max;
	}

	/** The range a whole-number type can hold, {@code null} for other types. */
	private static long @Nullable [] typeRange(@Nullable Class<?> type) {
		if (type == Integer.class || type == int.class) {
			return new long[] { Integer.MIN_VALUE, Integer.MAX_VALUE };
		}
		if (type == Long.class || type == long.class) {
			return new long[] { Long.MIN_VALUE, Long.MAX_VALUE };
		}
		if (type == Short.class || type == short.class) {
			return new long[] { Short.MIN_VALUE, Short.MAX_VALUE };
		}
		return null;
	}

}
