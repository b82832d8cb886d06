package io.opsdeck.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a web handler (API or page) needs in the environment of the resource it addresses (issue 7, "Access":
 * roles are granted per environment). Checked by the identity module before the request body is read, so a caller
 * without the role gets {@code 403} whatever they sent; an unknown resource passes through to the handler's
 * {@code 404}. A handler carries either this annotation or a global {@code @PreAuthorize} rule, never neither: the
 * access-matrix test fails on a route without a rule.
 * <p>
 * Example: {@code @RequiresEnvironmentRole(value = Role.OPERATOR, resolver = "server", variable = "id")} on
 * {@code POST /api/v1/servers/{id}/health-check}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresEnvironmentRole {

	/** Resolver name for a path variable that is the environment's name itself. */
	String ENVIRONMENT = "environment";

	/**
	 * Resolver name for handlers whose environment is only known from the body (e.g. {@code POST /api/v1/runs}):
	 * the service checks {@link Actor#can(Role, String)} and throws Spring Security's
	 * {@code AccessDeniedException} (a {@code 403}).
	 */
	String BODY = "body";

	/** @return the role needed in the resource's environment */
	Role value();

	/**
	 * @return {@link #ENVIRONMENT}, {@link #BODY}, or the {@link EnvironmentResolver#resource()} name that maps the
	 * path variable to its environment ({@code server}, {@code run}, {@code schedule}, ...)
	 */
	String resolver();

	/** @return the path variable holding the environment name or the resource id; ignored for {@link #BODY} */
	String variable() default "id";

}
