package io.opsdeck.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JSON request body whose unknown fields are refused (a 400 problem naming the field, "is not a known
 * field") instead of ignored as elsewhere in the API. For the bodies of launches that change servers, where a typo
 * in a safety switch would otherwise mean its default: {@code {"chek":true}} started a real security update, a real
 * provision run or a playbook run without {@code --check}. Applies to the annotated type only, not to the maps and
 * records inside it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StrictFields {

}
