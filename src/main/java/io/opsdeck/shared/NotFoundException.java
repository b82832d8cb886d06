package io.opsdeck.shared;

/**
 * A named resource does not exist. Mapped to {@code 404 Not Found} for the API and to a friendly page for the UI.
 */
public class NotFoundException extends RuntimeException {

	private final String resource;

	private final String key;

	/**
	 * @param resource what was looked up, e.g. {@code "server"}
	 * @param key the identifier that was not found
	 */
	public NotFoundException(String resource, Object key) {
		super(resource + " '" + key + "' not found");
		this.resource = resource;
		this.key = String.valueOf(key);
	}

	public String resource() {
		return this.resource;
	}

	public String key() {
		return this.key;
	}

}
