package io.opsdeck.backups.internal;

import org.jspecify.annotations.Nullable;

/**
 * New storage settings as the web layer validated them (syntax only; the service normalises and checks the rest).
 *
 * @param provider {@code s3}, {@code spaces} or {@code s3-compatible}
 * @param endpoint endpoint URL, or {@code null}/blank for the provider's default
 * @param region signing region
 * @param bucket bucket name
 * @param prefix key prefix; leading and trailing slashes are removed
 * @param pathStyle path-style requests; {@code null} means true for s3-compatible, false otherwise
 * @param accessKeyId access key id
 * @param secretAccessKey secret access key; {@code null} or blank keeps the stored one (required when there is none
 * or the access key id changes)
 */
public record StorageUpdate(String provider, @Nullable String endpoint, String region, String bucket,
		@Nullable String prefix, @Nullable Boolean pathStyle, String accessKeyId, @Nullable String secretAccessKey) {

	@Override
	public String toString() {
		return "StorageUpdate[provider=" + provider + ", endpoint=" + endpoint + ", region=" + region + ", bucket="
				+ bucket + ", prefix=" + prefix + ", pathStyle=" + pathStyle + ", accessKeyId=" + accessKeyId
				+ ", secretAccessKey=(hidden)]";
	}

}
