package io.opsdeck.backups.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An environment's storage settings without the secret: what the API and pages show.
 *
 * @param environment environment name
 * @param provider {@code s3}, {@code spaces} or {@code s3-compatible}
 * @param endpoint the configured endpoint, or {@code null}
 * @param effectiveEndpoint the endpoint in use ({@code AWS S3 (<region>)} when the SDK picks it)
 * @param region signing region
 * @param bucket bucket name
 * @param prefix key prefix without leading or trailing slash, possibly empty
 * @param pathStyle path-style requests
 * @param accessKeyId access key id
 * @param secretAccessKeySet whether a secret is stored (always true for saved settings)
 * @param createdAt when the settings were first saved
 * @param updatedAt when they last changed
 * @param version their version, raised by every save (the API's {@code ETag})
 */
public record StorageDetails(String environment, String provider, @Nullable String endpoint, String effectiveEndpoint,
		String region, String bucket, String prefix, boolean pathStyle, String accessKeyId, boolean secretAccessKeySet,
		Instant createdAt, Instant updatedAt, long version) {
}
