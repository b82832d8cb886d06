package io.opsdeck.backups.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Set;

import javax.net.ssl.SSLException;

import io.opsdeck.backups.BackupStorageException;
import io.opsdeck.backups.BackupStorageException.Reason;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's exceptions into {@link BackupStorageException}s that say what to fix: the credentials, the bucket
 * or the endpoint. Messages name the endpoint, bucket and access key id, never the secret or a presigned URL; the
 * storage's own error text is kept short.
 */
final class StorageErrors {

	private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
			"InvalidToken", "ExpiredToken", "AuthorizationHeaderMalformed", "InvalidSecurity");

	private static final int MAX_STORAGE_TEXT = 200;

	private StorageErrors() {
	}

	/**
	 * @param settings the storage that was used
	 * @param action what Opsdeck tried, e.g. {@code listing bucket 'b'}
	 * @param ex the SDK's exception
	 * @return the exception to throw
	 */
	static BackupStorageException translate(StorageSettings settings, String action, SdkException ex) {
		String where = " at " + settings.describeEndpoint();
		if (ex instanceof NoSuchBucketException) {
			return new BackupStorageException(Reason.NO_SUCH_BUCKET, "bucket '" + settings.bucket()
					+ "' does not exist" + where + " (region " + settings.region() + ")", ex);
		}
		if (ex instanceof S3Exception s3) {
			String code = (s3.awsErrorDetails() != null) ? s3.awsErrorDetails().errorCode() : null;
			String text = storageText(s3);
			if (code != null && CREDENTIAL_CODES.contains(code)) {
				return new BackupStorageException(Reason.CREDENTIALS, "the storage refused the credentials" + where
						+ " (" + code + "): check the access key id '" + settings.accessKeyId()
						+ "' and the secret access key", ex);
			}
			if ("NoSuchBucket".equals(code)) {
				return new BackupStorageException(Reason.NO_SUCH_BUCKET, "bucket '" + settings.bucket()
						+ "' does not exist" + where + " (region " + settings.region() + ")", ex);
			}
			if (s3.statusCode() == 403) {
				return new BackupStorageException(Reason.ACCESS_DENIED, "access denied while " + action + where
						+ ((code != null) ? " (" + code + ")" : "") + ": the access key '" + settings.accessKeyId()
						+ "' may not do this" + text, ex);
			}
			if (s3.statusCode() == 301 || "PermanentRedirect".equals(code)) {
				return new BackupStorageException(Reason.OTHER, "bucket '" + settings.bucket()
						+ "' is in another region than " + settings.region() + where, ex);
			}
			return new BackupStorageException(Reason.OTHER, "the storage answered HTTP " + s3.statusCode()
					+ ((code != null) ? " " + code : "") + " while " + action + where + text, ex);
		}
		Throwable network = networkCause(ex);
		if (network != null || ex instanceof ApiCallTimeoutException || ex instanceof ApiCallAttemptTimeoutException) {
			return new BackupStorageException(Reason.UNREACHABLE, "cannot reach the storage endpoint "
					+ settings.describeEndpoint() + " while " + action + ": " + describe(network, ex), ex);
		}
		return new BackupStorageException(Reason.OTHER, action + where + " failed: " + shorten(ex.getMessage()), ex);
	}

	private static String storageText(S3Exception ex) {
		String message = (ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorMessage() : null;
		return (message == null || message.isBlank()) ? "" : " — the storage said: " + shorten(message);
	}

	private static @Nullable Throwable networkCause(Throwable ex) {
		for (@Nullable Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof ConnectException || t instanceof UnknownHostException
					|| t instanceof SocketTimeoutException || t instanceof NoRouteToHostException
					|| t instanceof SSLException || t instanceof HttpTimeoutException) {
				return t;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return null;
	}

	private static String describe(@Nullable Throwable network, SdkException ex) {
		if (network == null) {
			return "no answer in time";
		}
		if (network instanceof UnknownHostException) {
			return "unknown host";
		}
		if (network instanceof ConnectException) {
			return "connection refused";
		}
		if (network instanceof SocketTimeoutException || network instanceof HttpTimeoutException) {
			return "no answer in time";
		}
		if (network instanceof SSLException) {
			return "TLS failed (" + shorten(network.getMessage()) + ")";
		}
		return shorten(network.getMessage());
	}

	private static String shorten(@Nullable String text) {
		if (text == null) {
			return "";
		}
		String line = text.replaceAll("[\\r\\n\\t]+", " ").strip();
		return (line.length() > MAX_STORAGE_TEXT) ? line.substring(0, MAX_STORAGE_TEXT) + "…" : line;
	}

}
