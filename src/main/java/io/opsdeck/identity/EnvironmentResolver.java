package io.opsdeck.identity;

import java.util.Optional;
import java.util.UUID;
import java.util.Set;

/**
 * Maps a resource id from a URL to the name of the environment it belongs to, for
 * {@link RequiresEnvironmentRole}. Each module that owns environment-specific resources registers one bean per
 * resource kind (inventory: {@code server}; execution: {@code run}; schedules: {@code schedule}; ...).
 */
public interface EnvironmentResolver {

	/** @return the resource kind named in {@link RequiresEnvironmentRole#resolver()}, e.g. {@code server} */
	String resource();

	/**
	 * @param id the path variable's value, as sent (may be malformed: return empty, never throw)
	 * @return the environment name, or empty when no such resource exists
	 */
	Optional<String> environmentOf(String id);

	/**
	 * For resources that may span environments (an SSH run on servers of two environments): every environment the
	 * caller needs the role in. The default wraps {@link #environmentOf(String)}.
	 * @param id the path variable's value, as sent (may be malformed: return empty, never throw)
	 * @return empty when no such resource exists; otherwise its environments, an empty set for a resource that
	 * belongs to none (then the base role decides, and scoped tokens are refused)
	 */
	default Optional<Set<String>> environmentsOf(String id) {
		return environmentOf(id).map(Set::of);
	}

	/**
	 * Parses a resource id from a URL the way every UUID-keyed resolver needs it: the canonical 36-character form
	 * only ({@code UUID.fromString} alone also accepts shortened forms such as {@code 1-1-1-1-1}).
	 * @param id the path variable's value, as sent
	 * @return the id, or empty when it is not a canonical UUID (never throws)
	 */
	static Optional<UUID> uuid(String id) {
		if (id == null || id.length() != 36) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
