package io.opsdeck.shared;

import java.lang.reflect.RecordComponent;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeansException;
import org.springframework.ui.Model;
import org.springframework.util.ClassUtils;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

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
	 * name (or by its name up to the first {@code [} or {@code .}: {@code recipients[2]} lands on {@code recipients}),
	 * else as a form-level message naming the field; a {@link ConflictException} or {@link NotFoundException} (a
	 * duplicate name, a drill without settings) on {@code conflictField} when given, else form-level; a
	 * {@link StaleVersionException} form-level with its {@link StaleVersionException#formMessage()} (use
	 * {@link #stale} to also move the form's version on).
	 * @param result the form's binding result
	 * @param ex the service's refusal; its message is shown to the user (such messages never hold a secret)
	 * @param conflictField the form field a conflict is about (e.g. {@code "name"} for a duplicate), or {@code null}
	 */
	public static void reject(BindingResult result, RuntimeException ex, @Nullable String conflictField) {
		String message = String.valueOf(ex.getMessage());
		if (ex instanceof InvalidInputException invalid) {
			String field = invalid.field();
			String base = field.split("[\\[.]", 2)[0];
			if (!onField(result, field, "invalid", message) && !onField(result, base, "invalid", message)) {
				result.reject("invalid", field + ": " + message);
			}
		}
		else if (ex instanceof StaleVersionException stale) {
			result.reject("stale", stale.formMessage());
		}
		else if (conflictField == null || !onField(result, conflictField, "conflict", message)) {
			result.reject("conflict", message);
		}
	}

	/**
	 * Records that the form was filled from a version someone else has since replaced: the message above the form,
	 * and the current version in the model ({@link ExpectedVersion#FORM_FIELD}) for its hidden field, so that the
	 * user's input stays and saving again is a deliberate overwrite of the other change. When the current version is
	 * not known (a write committed between the check and the flush) the field is left empty: the next save then
	 * applies to whatever is stored.
	 * @param result the form's binding result
	 * @param model the page's model
	 * @param ex the service's refusal
	 */
	public static void stale(BindingResult result, Model model, StaleVersionException ex) {
		reject(result, ex, null);
		model.addAttribute(ExpectedVersion.FORM_FIELD, ex.currentVersion());
	}

	/**
	 * The form to re-render after a value could not be bound (letters in a number field). Spring builds a record
	 * form only when every value converts; otherwise the handler gets {@code null} and the binding result has no
	 * target, so the page would lose every value (a number input shows nothing). This builds the record from what
	 * did convert ({@code null} for what did not), and puts it and a binding result over it, with the same errors,
	 * in the model.
	 * @param type the form record
	 * @param form the handler's argument ({@code null} after a binding failure)
	 * @param result its binding result
	 * @param model the page's model
	 * @param <R> the form type
	 * @return {@code form} when it was built, else the record rebuilt from the bound values
	 */
	public static <R extends Record> R keep(Class<R> type, @Nullable R form, BindingResult result, Model model) {
		if (form != null && result.getTarget() != null) {
			return form;
		}
		RecordComponent[] components = type.getRecordComponents();
		Class<?>[] types = new Class<?>[components.length];
		Object[] values = new Object[components.length];
		for (int i = 0; i < components.length; i++) {
			String name = components[i].getName();
			FieldError error = result.getFieldError(name);
			Object value = (error != null && error.isBindingFailure()) ? null : result.getFieldValue(name);
			types[i] = components[i].getType();
			// null for a primitive is its default (BeanUtils.instantiateClass)
			values[i] = (value != null && ClassUtils.isAssignableValue(types[i], value)) ? value : null;
		}
		R kept;
		try {
			kept = BeanUtils.instantiateClass(type.getDeclaredConstructor(types), values);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("a record has its canonical constructor", ex);
		}
		BeanPropertyBindingResult rebound = new BeanPropertyBindingResult(kept, result.getObjectName());
		rebound.addAllErrors(result);
		model.addAttribute(result.getObjectName(), kept);
		model.addAttribute(BindingResult.MODEL_KEY_PREFIX + result.getObjectName(), rebound);
		return kept;
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
