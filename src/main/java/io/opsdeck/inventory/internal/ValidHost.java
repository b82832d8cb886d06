package io.opsdeck.inventory.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** Bean Validation for {@link Hosts#isValid(String)}; {@code null} is left to {@code @NotBlank}. */
@Documented
@Constraint(validatedBy = ValidHost.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidHost {

	String message() default "must be an IPv4 address, an IPv6 address or a DNS host name";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks the value with {@link Hosts#isValid(String)}. */
	class Validator implements ConstraintValidator<ValidHost, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || Hosts.isValid(value);
		}

	}

}
