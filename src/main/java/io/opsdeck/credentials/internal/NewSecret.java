package io.opsdeck.credentials.internal;

/**
 * What it takes to store a credential of type {@code secret}. {@link #toString()} never shows the value.
 *
 * @param name unique name
 * @param value the password or token; one line, 8 to 4096 characters
 */
public record NewSecret(String name, String value) {

	@Override
	public String toString() {
		return "NewSecret[name=" + name + ", value=(hidden)]";
	}

}
