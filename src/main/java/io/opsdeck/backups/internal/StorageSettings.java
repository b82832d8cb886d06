package io.opsdeck.backups.internal;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * An environment's object storage, secret included: what the S3 client is built from. Never serialised;
 * {@link #toString()} hides the secret.
 *
 * @param provider which storage
 * @param endpoint the endpoint as configured, or {@code null} (AWS S3's default; Spaces' regional endpoint)
 * @param region signing region, e.g. {@code us-east-1} or {@code fra1}
 * @param bucket bucket name
 * @param prefix key prefix without leading or trailing slash, possibly empty
 * @param pathStyle {@code https://endpoint/bucket/key} instead of {@code https://bucket.endpoint/key}
 * @param accessKeyId access key id
 * @param secretAccessKey secret access key
 */
public record StorageSettings(StorageProvider provider, @Nullable String endpoint, String region, String bucket,
		String prefix, boolean pathStyle, String accessKeyId, String secretAccessKey) {

	/** @return the endpoint to use, or {@code null} to let the SDK pick AWS's endpoint for the region */
	public @Nullable URI effectiveEndpoint() {
		if (endpoint != null) {
			return URI.create(endpoint);
		}
		if (provider == StorageProvider.SPACES) {
			return URI.create("https://" + region + ".digitaloceanspaces.com");
		}
		return null;
	}

	/** @return the endpoint for messages: the configured or derived one, or {@code AWS S3 (<region>)} */
	public String describeEndpoint() {
		URI uri = effectiveEndpoint();
		return (uri != null) ? uri.toString() : "AWS S3 (" + region + ")";
	}

	/** @return {@code <prefix>/} or the empty string: what every backup key of this environment starts with */
	public String keyPrefix() {
		return prefix.isEmpty() ? "" : prefix + "/";
	}

	@Override
	public String toString() {
		return "StorageSettings[provider=" + provider.id() + ", endpoint=" + endpoint + ", region=" + region
				+ ", bucket=" + bucket + ", prefix=" + prefix + ", pathStyle=" + pathStyle + ", accessKeyId="
				+ accessKeyId + ", secretAccessKey=(hidden)]";
	}

}
