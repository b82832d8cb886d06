package io.opsdeck.cloudfirewall.internal;

import io.opsdeck.cloudfirewall.CloudFirewallException;
import io.opsdeck.cloudfirewall.CloudFirewallException.Reason;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the AWS SDK's exceptions into {@link CloudFirewallException}s with the EC2 error code and message (which
 * never contain the secret key).
 */
final class AwsErrors {

	/** EC2's code for authorizing a rule that exists: the rule is there, which is what we wanted. */
	static final String DUPLICATE_PERMISSION = "InvalidPermission.Duplicate";

	private AwsErrors() {
	}

	static boolean isCode(SdkException ex, String code) {
		return ex instanceof AwsServiceException service && service.awsErrorDetails() != null
				&& code.equals(service.awsErrorDetails().errorCode());
	}

	/**
	 * @param action the EC2 action, e.g. {@code DescribeInstances}
	 * @param ex what the SDK threw
	 * @return the failure in the user's words
	 */
	static CloudFirewallException translate(String action, SdkException ex) {
		if (ex instanceof AwsServiceException service && service.awsErrorDetails() != null) {
			String code = service.awsErrorDetails().errorCode();
			String message = service.awsErrorDetails().errorMessage();
			if (code == null) {
				// EC2 answers AuthFailure with HTTP 401, whose body the JDK's URL connection cannot read in streaming
				// mode: the status is all there is
				return new CloudFirewallException(reason(service.statusCode()), "AWS refused " + action + ": HTTP "
						+ service.statusCode() + ((service.statusCode() == 401)
								? " (AuthFailure: check the access key id and the secret access key)" : "") + ".",
						ex);
			}
			return new CloudFirewallException(reason(code), "AWS refused " + action + ": " + code
					+ ((message != null) ? " (" + message + ")" : "") + ".", ex);
		}
		if (ex instanceof SdkClientException) {
			return new CloudFirewallException(Reason.UNREACHABLE,
					"The EC2 endpoint could not be reached for " + action + ": " + rootMessage(ex), ex);
		}
		return new CloudFirewallException(Reason.OTHER, "EC2 " + action + " failed: " + rootMessage(ex), ex);
	}

	private static Reason reason(int status) {
		return switch (status) {
			case 401 -> Reason.CREDENTIALS;
			case 403 -> Reason.ACCESS_DENIED;
			case 404 -> Reason.NOT_FOUND;
			default -> (status >= 400 && status < 500) ? Reason.REJECTED : Reason.OTHER;
		};
	}

	private static Reason reason(String code) {
		return switch (code) {
			case "AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature",
					"MissingAuthenticationToken", "OptInRequired" -> Reason.CREDENTIALS;
			case "UnauthorizedOperation", "AccessDenied", "Blocked" -> Reason.ACCESS_DENIED;
			default -> (code.endsWith(".NotFound") || code.endsWith(".Malformed")) ? Reason.NOT_FOUND
					: Reason.REJECTED;
		};
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

}
