package io.opsdeck.credentials.internal;

import org.jspecify.annotations.Nullable;

/**
 * What it takes to store a credential. {@link #toString()} never shows the key or passphrase.
 *
 * @param name unique name
 * @param privateKey the pasted private key text
 * @param passphrase its passphrase, or {@code null}
 */
public record NewCredential(String name, @Nullable String privateKey, @Nullable String passphrase) {

	@Override
	public String toString() {
		return "NewCredential[name=" + name + ", privateKey=(hidden), passphrase=(hidden)]";
	}

}
