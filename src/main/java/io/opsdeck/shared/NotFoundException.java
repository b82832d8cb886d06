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
		this(resource, key, resource + " '" + key + "' not found");
	}

	/**
	 * For a resource whose absence reads better in its own words, e.g. "environment 'x' has no backup storage
	 * configured" rather than "backup storage 'x' not found" (x is the environment, not a storage).
	 * @param resource what was looked up, e.g. {@code "backup storage"}
	 * @param key the identifier that was not found
	 * @param message what the user reads (API problem detail, error page); never a secret
	 */
	public NotFoundException(String resource, Object key, String message) {
		super(message);
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
