package io.opsdeck.identity;

import java.util.Optional;

/**
 * For a response that outlives its request (a run's event stream, a followed log): the credential the request came
 * with is checked again now and then, so that revoking an API token, its expiry, disabling the user, signing out
 * (the session ends) or losing the role in the resource's environments also ends a stream already open, not only
 * the next request.
 */
public interface CredentialRechecks {

	/** How often a {@link Recheck} asks again, at most: a stream ends at most this long after a change is seen. */
	long INTERVAL_MILLIS = 1000;

	/**
	 * Captures the current request's credential; call on the request's thread. The rule is the route's
	 * {@code @RequiresEnvironmentRole(value = required, resolver = resolver)}: the role in every environment the
	 * resource is in when the stream opens (none: the base role decides, a scoped token may not).
	 * @param required the role the resource needs in each of its environments
	 * @param resolver the {@link EnvironmentResolver#resource()} kind, e.g. {@code run} or {@code server}
	 * @param id the resource's id, as in the URL
	 * @return the check, to be called from any one thread
	 * @throws IllegalArgumentException if no {@link EnvironmentResolver} serves {@code resolver}
	 */
	Recheck ofCurrentRequest(Role required, String resolver, String id);

	/** The credential of one request, checked again. Not thread-safe: one stream, one thread at a time. */
	interface Recheck {

		/**
		 * Cheap to call often: asks the identity module (its cache, else the database) at most once per
		 * {@link #INTERVAL_MILLIS} and answers the last result in between. When the database cannot be reached, the
		 * credential counts as still valid until it can be asked again.
		 * @return empty while the credential may still see the resource; otherwise why it no longer may (a sentence
		 * for the client, naming no secret)
		 */
		Optional<String> ended();

	}

}
