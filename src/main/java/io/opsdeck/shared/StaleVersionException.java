package io.opsdeck.shared;

import org.jspecify.annotations.Nullable;

/**
 * A change was based on an older version of the resource than the stored one: someone else saved it after the
 * caller read it (an API client's {@code If-Match}, a form's hidden {@code version}). Nothing was written. Mapped to
 * {@code 412 Precondition Failed} (RFC 9110, section 13.1.1) under {@code /api/v1}; a form re-renders with the
 * user's input and {@link #formMessage()}.
 */
public class StaleVersionException extends RuntimeException {

	private final String resource;

	private final String name;

	private final @Nullable Long currentVersion;

	private final @Nullable String changedBy;

	/**
	 * @param resource what it is, lower case ({@code "schedule"}, {@code "server"}; a plural such as
	 * {@code "drill settings"} reads "were changed")
	 * @param name its name as users know it (for settings: the environment's)
	 * @param currentVersion the stored version now, or {@code null} when another transaction committed between the
	 * check and the write (the {@code @Version} check at flush) and it is not known
	 * @param changedBy who saved it last ({@code user:alice}), or {@code null} when not recorded
	 */
	public StaleVersionException(String resource, String name, @Nullable Long currentVersion,
			@Nullable String changedBy) {
		super(resource + " '" + name + "' " + wasOrWere(resource) + " changed since you read it"
				+ ((currentVersion != null) ? " (it is now version " + currentVersion + ")" : "")
				+ "; read it again (GET) and send your change with its ETag in If-Match, or without If-Match to "
				+ "overwrite");
		this.resource = resource;
		this.name = name;
		this.currentVersion = currentVersion;
		this.changedBy = changedBy;
	}

	/** @return what it is, lower case ({@code "schedule"}) */
	public String resource() {
		return this.resource;
	}

	/** @return the stored version now, or {@code null} when not known */
	public @Nullable Long currentVersion() {
		return this.currentVersion;
	}

	/**
	 * @return the sentence a dashboard form shows above the user's kept input, e.g. "This schedule was changed by
	 * someone else since you opened it: 'nightly' is now version 4, saved by user:bob; review and save again (saving
	 * now replaces their change)."
	 */
	public String formMessage() {
		String now = (this.currentVersion != null) ? "'" + this.name + "' is now version " + this.currentVersion
				: "'" + this.name + "' was saved meanwhile";
		String by = (this.changedBy != null) ? ", saved by " + this.changedBy : "";
		return (this.resource.endsWith("s") ? "These " : "This ") + this.resource + " " + wasOrWere(this.resource)
				+ " changed by someone else since you opened it: " + now + by
				+ "; review and save again (saving now replaces their change).";
	}

	private static String wasOrWere(String resource) {
		return resource.endsWith("s") ? "were" : "was";
	}

}
