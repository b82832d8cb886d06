package io.opsdeck.system;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.validation.FieldError;

/**
 * Tidies the field errors of an invalid request body before they are listed: one mistake is one entry, and entries
 * come in a stable order.
 * <ul>
 * <li>A field that is missing or blank ({@code @NotNull}, {@code @NotBlank}, {@code @NotEmpty}) reports only that:
 * {@code "region": ""} used to list "must not be blank" and the pattern's "must be 1-32 lowercase letters…" for the
 * one mistake of leaving it empty.</li>
 * <li>Bean Validation reports violations in no particular order (a hash set); they are listed in the order the
 * request record declares its components (then other fields by name), so the same body always gets the same
 * answer.</li>
 * </ul>
 */
final class FieldErrors {

	private static final Set<String> REQUIRED = Set.of("NotNull", "NotBlank", "NotEmpty");

	private FieldErrors() {
	}

	/**
	 * @param errors the binding result's field errors, in any order
	 * @param target the bound request body, whose record components give the order; may be {@code null}
	 * @return {@code errors} without the others of a field that also failed a "required" constraint, sorted
	 */
	static List<FieldError> oneMistakeEach(List<FieldError> errors, @Nullable Object target) {
		Set<String> missing = new HashSet<>();
		for (FieldError error : errors) {
			if (REQUIRED.contains(error.getCode())) {
				missing.add(error.getField());
			}
		}
		List<FieldError> kept = new ArrayList<>();
		for (FieldError error : errors) {
			if (!missing.contains(error.getField()) || REQUIRED.contains(error.getCode())) {
				kept.add(error);
			}
		}
		Map<String, Integer> order = declarationOrder(target);
		kept.sort(Comparator
			.comparingInt((FieldError error) -> order.getOrDefault(topLevel(error.getField()), Integer.MAX_VALUE))
			.thenComparing(FieldError::getField)
			.thenComparing((error) -> String.valueOf(error.getDefaultMessage())));
		return kept;
	}

	private static Map<String, Integer> declarationOrder(@Nullable Object target) {
		Map<String, Integer> order = new HashMap<>();
		RecordComponent[] components = (target != null && target.getClass().isRecord())
				? target.getClass().getRecordComponents() : new RecordComponent[0];
		for (int i = 0; i < components.length; i++) {
			order.put(components[i].getName(), i);
		}
		return order;
	}

	/** {@code servers[0]} and {@code extraVars[region]} sort with {@code servers} and {@code extraVars}. */
	private static String topLevel(String field) {
		int end = field.length();
		for (int i = 0; i < field.length(); i++) {
			if (field.charAt(i) == '.' || field.charAt(i) == '[') {
				end = i;
				break;
			}
		}
		return field.substring(0, end);
	}

}
