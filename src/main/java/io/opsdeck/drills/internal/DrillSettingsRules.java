package io.opsdeck.drills.internal;

/**
 * Patterns for drill settings, shared by the API request and the page form. They keep values that reach a server's
 * shell as arguments (database names, paths, users) to plain characters; the playbook still quotes every one.
 */
public final class DrillSettingsRules {

	/** PostgreSQL identifier for a database or role: letters, digits, {@code _}, {@code -}, at most 63. */
	public static final String IDENTIFIER = "^[A-Za-z_][A-Za-z0-9_-]{0,62}$";

	/** An OS user name (useradd's rules). */
	public static final String OS_USER = "^[a-z_][a-z0-9_-]{0,31}$";

	/** An absolute path without {@code ..}, spaces or shell metacharacters, not {@code /} itself. */
	public static final String ABSOLUTE_PATH = "^(/[A-Za-z0-9._@+-]+)+/?$";

	/** A compose service name. */
	public static final String SERVICE = "^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$";

	/** A compose file name relative to the application directory. */
	public static final String COMPOSE_FILE = "^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$";

	/** A start command: one line, no control characters. */
	public static final String ONE_LINE = "^[^\\p{Cntrl}]*$";

	/**
	 * An http(s) URL without spaces, control characters, {@code "} or {@code \} (none is valid in a URL, and the
	 * playbook hands the URL to curl as a quoted {@code url = "..."} config line, where they would end or escape it).
	 */
	public static final String HTTP_URL = "^https?://[^\\s\\p{Cntrl}\"\\\\]{1,2040}$";

	private DrillSettingsRules() {
	}

	/** @return whether a path contains a {@code ..} or {@code .} segment */
	static boolean hasDotSegment(String path) {
		for (String segment : path.split("/")) {
			if (segment.equals(".") || segment.equals("..")) {
				return true;
			}
		}
		return false;
	}

}
