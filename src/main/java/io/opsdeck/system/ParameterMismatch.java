package io.opsdeck.system;

import java.lang.annotation.Annotation;

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
		long[] declared = declaredRange(range, parameter::getParameterAnnotation);
		long min = (declared != null) ? declared[0] : range[0];
		long max = (declared != null) ? declared[1] : range[1];
		return rangeMessage(ex.getPropertyName(), type, min, max, declared != null);
	}

	/**
	 * @return the message for a whole number of {@code type} in {@code min}..{@code max}, with the bound every list
	 * applies to {@code page} and {@code size} (see the class comment)
	 */
	private static String rangeMessage(@Nullable String name, Class<?> type, long min, long max, boolean declared) {
		if ("page".equals(name)) {
			min = Math.max(min, 0);
			max = Math.min(max, PageParameterLimit.MAX_PAGE);
			declared = true;
		}
		if (!declared && "size".equals(name)) {
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

	/** Looks up an annotation of a parameter, field or method. */
	interface Annotations {

		<A extends Annotation> @Nullable A get(Class<A> type);

	}

	/**
	 * @param range what the type can hold ({@link #typeRange})
	 * @param annotations the constraints on the parameter or field ({@code @Min}, {@code @Max}, {@code @Range},
	 * {@code @Positive} and kin)
	 * @return the range they declare within {@code range}, or {@code null} when they declare none
	 */
	static long @Nullable [] declaredRange(long[] range, Annotations annotations) {
		long min = range[0];
		long max = range[1];
		boolean declared = false;
		Min atLeast = annotations.get(Min.class);
		if (atLeast != null) {
			min = Math.max(min, atLeast.value());
			declared = true;
		}
		Max atMost = annotations.get(Max.class);
		if (atMost != null) {
			max = Math.min(max, atMost.value());
			declared = true;
		}
		Range between = annotations.get(Range.class);
		if (between != null) {
			min = Math.max(min, between.min());
			max = Math.min(max, between.max());
			declared = true;
		}
		if (annotations.get(Positive.class) != null) {
			min = Math.max(min, 1);
			declared = true;
		}
		if (annotations.get(PositiveOrZero.class) != null) {
			min = Math.max(min, 0);
			declared = true;
		}
		if (annotations.get(Negative.class) != null) {
			max = Math.min(max, -1);
			declared = true;
		}
		if (annotations.get(NegativeOrZero.class) != null) {
			max = Math.min(max, 0);
			declared = true;
		}
		return declared ? new long[] { min, max } : null;
	}

	/** The range a whole-number type can hold, {@code null} for other types. */
	static long @Nullable [] typeRange(@Nullable Class<?> type) {
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
