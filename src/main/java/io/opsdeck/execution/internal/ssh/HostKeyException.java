package io.opsdeck.execution.internal.ssh;

/**
 * A server offered a host key Opsdeck does not trust. The message names the server, the offered key type and
 * fingerprint, and what the operator can do; it is safe to show and to store.
 */
public class HostKeyException extends Exception {

	private final String offeredFingerprint;

	HostKeyException(String message, String offeredFingerprint) {
		super(message);
		this.offeredFingerprint = offeredFingerprint;
	}

	/** @return the fingerprint the server offered, {@code SHA256:<base64>} */
	public String offeredFingerprint() {
		return offeredFingerprint;
	}

}
