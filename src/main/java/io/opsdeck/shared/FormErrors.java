package io.opsdeck.shared;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.validation.BindingResult;

/**
 * Puts a service's refusal on the dashboard form that caused it, so the page re-renders the same form with the
 * user's input and the message beside the field (the {@code fragments/forms} fragments show them), instead of an
 * error page or a flash message above an emptied form.
 * <p>
 * Convention for every page form: bad input answers {@code 200 OK} with the form re-rendered (Spring MVC's default
 * for a returned view, and what the forms that already re-rendered did); success redirects (POST-redirect-GET).
 * Secrets (passwords, private keys, secret access keys) are never bound back into the re-rendered form: their
 * inputs have no {@code th:field}/{@code value}.
 */
public final class FormErrors {

	private FormErrors() {
	}

	/**
	 * Records {@code ex} on the form: an {@link InvalidInputException} on its field when the form has a field by that
	 * name (or by the name {@code fields} maps it to, or by its name up to the first {@code [} or {@code .}), else as
	 * a form-level message; a {@link ConflictException} or
	 * {@link NotFoundException} (a duplicate name, an environment without backup storage) on {@code conflictField}
	 * when given, else form-level.
	 * @param result the form's binding result
	 * @param ex the service's refusal; its message is shown to the user (such messages never hold a secret)
	 * @param conflictField the form field a conflict is about (e.g. {@code "name"} for a duplicate), or {@code null}
	 * @param fields service field name to form field name, where the two differ (e.g. {@code "url" -> "webhookUrl"})
	 */
	public static void reject(BindingResult result, RuntimeException ex, @Nullable String conflictField,
			Map<String, String> fields) {
		String message = String.valueOf(ex.getMessage());
		if (ex instanceof InvalidInputException invalid) {
			String field = fields.getOrDefault(invalid.field(), invalid.field());
			// "recipients[2]" or "extraVars.ansible_user" land on the form's one field for the list or the map
			String base = field.split("[\\[.]", 2)[0];
			if (!onField(result, field, "invalid", message) && !onField(result, base, "invalid", message)) {
				result.reject("invalid", invalid.field() + ": " + message);
			}
		}
		else if (conflictField == null || !onField(result, conflictField, "conflict", message)) {
			result.reject("conflict", message);
		}
	}

	/**
	 * {@link #reject(BindingResult, RuntimeException, String, Map)} with form fields named as the service names them.
	 * @param result the form's binding result
	 * @param ex the service's refusal
	 * @param conflictField the form field a conflict is about, or {@code null} for a form-level message
	 */
	public static void reject(BindingResult result, RuntimeException ex, @Nullable String conflictField) {
		reject(result, ex, conflictField, Map.of());
	}

	private static boolean onField(BindingResult result, String field, String code, String message) {
		try {
			// throws NotReadablePropertyException (a BeansException) when the form has no such field
			result.rejectValue(field, code, message);
			return true;
		}
		catch (BeansException notAField) {
			return false;
		}
	}

}
