package io.opsdeck.backups;

/**
 * The object storage could not be reached or refused a request. The message says what failed in words a user can
 * act on (credentials, bucket, endpoint) and never contains a secret or a presigned URL.
 */
public class BackupStorageException extends RuntimeException {

	/** What kind of failure it was; the API reports it as the problem's {@code reason}. */
	public enum Reason {

		/** the access key id is unknown or the secret does not match it */
		CREDENTIALS,
		/** the credentials are valid but may not do this (e.g. list the bucket) */
		ACCESS_DENIED,
		/** the bucket does not exist at this endpoint and region */
		NO_SUCH_BUCKET,
		/** the endpoint did not answer: refused, unknown host, timeout, TLS failure */
		UNREACHABLE,
		/** anything else the storage answered */
		OTHER

	}

	private final Reason reason;

	/**
	 * @param reason the kind of failure
	 * @param message what failed, without secrets
	 * @param cause the SDK's exception, or {@code null}
	 */
	public BackupStorageException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/** For the contract's shape: a failure of kind {@link Reason#OTHER}. */
	public BackupStorageException(String message, Throwable cause) {
		this(Reason.OTHER, message, cause);
	}

	/** @return the kind of failure */
	public Reason reason() {
		return this.reason;
	}

}
