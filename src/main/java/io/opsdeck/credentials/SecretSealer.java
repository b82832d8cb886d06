package io.opsdeck.credentials;

/**
 * Encrypts small secrets with the master key (AES-GCM) for other modules that must keep one for a while, such as
 * the secret extra vars of a queued run. The context is bound as associated data: a sealed value only opens with
 * the same context.
 */
public interface SecretSealer {

	/**
	 * @param plaintext secret bytes
	 * @param context what the secret belongs to, e.g. {@code run:<id>}
	 * @return the sealed bytes
	 */
	byte[] seal(byte[] plaintext, String context);

	/**
	 * @param sealed bytes from {@link #seal(byte[], String)}
	 * @param context the context given when sealing
	 * @return the plaintext
	 * @throws IllegalStateException if the bytes were altered, the context differs, or the key is not the one they
	 * were sealed with
	 */
	byte[] open(byte[] sealed, String context);

}
