package io.opsdeck.backups.web;

import io.opsdeck.backups.internal.StorageRules;
import io.opsdeck.backups.internal.StorageUpdate;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code PUT /api/v1/environments/{name}/backup-storage} and the storage form:
 * {@code {"provider":"spaces","endpoint":"https://fra1.digitaloceanspaces.com","region":"fra1","bucket":"acme-backups",
 * "prefix":"staging","pathStyle":false,"accessKeyId":"DO00...","secretAccessKey":"..."}}. {@link #toString()} never
 * prints the secret.
 *
 * @param provider {@code s3}, {@code spaces} or {@code s3-compatible}
 * @param endpoint {@code http(s)://host[:port]}; required for s3-compatible; for spaces the default is
 * {@code https://<region>.digitaloceanspaces.com}; for s3 the SDK's AWS endpoint
 * @param region signing region, e.g. {@code us-east-1} or {@code fra1}
 * @param bucket bucket name (AWS bucket naming rules)
 * @param prefix key prefix, e.g. {@code staging}; leading and trailing slashes are removed; empty for the bucket root
 * @param pathStyle path-style requests ({@code https://endpoint/bucket/key}); default true for s3-compatible,
 * false otherwise
 * @param accessKeyId access key id
 * @param secretAccessKey secret access key; may be omitted on a change that keeps the access key id, to keep the
 * stored secret; it is never returned
 */
public record BackupStorageRequest(
		@NotBlank(message = "must be s3, spaces or s3-compatible") @Pattern(regexp = StorageRules.PROVIDER,
				message = "must be s3, spaces or s3-compatible") String provider,
		@Nullable @Size(max = 2048) @Pattern(regexp = "^$|" + StorageRules.ENDPOINT,
				message = StorageRules.ENDPOINT_MESSAGE) String endpoint,
		@NotBlank(message = "enter the region, e.g. us-east-1 or fra1") @Pattern(regexp = StorageRules.REGION,
				message = "must be 1-32 lowercase letters, digits and inner '-', e.g. us-east-1 or fra1") String region,
		@NotBlank(message = "enter the bucket name") @Pattern(regexp = StorageRules.BUCKET,
				message = StorageRules.BUCKET_MESSAGE) String bucket,
		@Nullable @Size(max = 512) @Pattern(regexp = StorageRules.PREFIX,
				message = StorageRules.PREFIX_MESSAGE) String prefix,
		@Nullable Boolean pathStyle,
		@NotBlank(message = "enter the access key id") @Pattern(regexp = StorageRules.ACCESS_KEY_ID,
				message = "must be 1-128 letters, digits and . _ + / = -") String accessKeyId,
		@Nullable @Size(max = 256, message = "a secret access key is at most 256 characters") @Pattern(
				regexp = StorageRules.SECRET,
				message = "must be printable ASCII characters without spaces") String secretAccessKey) {

	StorageUpdate toUpdate() {
		return new StorageUpdate(provider, (endpoint == null || endpoint.isEmpty()) ? null : endpoint, region, bucket,
				prefix, pathStyle, accessKeyId, secretAccessKey);
	}

	@Override
	public String toString() {
		return "BackupStorageRequest[provider=" + provider + ", endpoint=" + endpoint + ", region=" + region
				+ ", bucket=" + bucket + ", prefix=" + prefix + ", pathStyle=" + pathStyle + ", accessKeyId="
				+ accessKeyId + ", secretAccessKey=(hidden)]";
	}

}
