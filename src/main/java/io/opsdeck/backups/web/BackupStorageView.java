package io.opsdeck.backups.web;

import java.time.Instant;

import io.opsdeck.backups.internal.StorageDetails;
import org.jspecify.annotations.Nullable;

/**
 * An environment's backup storage as the API shows it: everything but the secret, of which only
 * {@code secretAccessKeySet} says that it is there.
 *
 * @param environment environment name
 * @param provider {@code s3}, {@code spaces} or {@code s3-compatible}
 * @param endpoint the configured endpoint, or {@code null}
 * @param effectiveEndpoint the endpoint in use, e.g. {@code https://fra1.digitaloceanspaces.com} or
 * {@code AWS S3 (us-east-1)}
 * @param region signing region
 * @param bucket bucket name
 * @param prefix key prefix without slashes, possibly empty
 * @param pathStyle path-style requests
 * @param accessKeyId access key id
 * @param secretAccessKeySet whether a secret is stored
 * @param createdAt first saved
 * @param updatedAt last changed
 * @param version raised by every save; the {@code ETag}
 */
public record BackupStorageView(String environment, String provider, @Nullable String endpoint,
		String effectiveEndpoint, String region, String bucket, String prefix, boolean pathStyle, String accessKeyId,
		boolean secretAccessKeySet, Instant createdAt, Instant updatedAt, long version) {

	static BackupStorageView of(StorageDetails details) {
		return new BackupStorageView(details.environment(), details.provider(), details.endpoint(),
				details.effectiveEndpoint(), details.region(), details.bucket(), details.prefix(), details.pathStyle(),
				details.accessKeyId(), details.secretAccessKeySet(), details.createdAt(), details.updatedAt(),
				details.version());
	}

}
