package io.opsdeck.backups.internal;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which object storage an environment uses. All three speak the S3 API; they differ in defaults.
 */
public enum StorageProvider {

	/** AWS S3: the SDK finds the endpoint from the region unless one is given. */
	S3("s3"),
	/**
	 * DigitalOcean Spaces: endpoint {@code https://<region>.digitaloceanspaces.com} unless one is given; virtual-host
	 * style by default.
	 */
	SPACES("spaces"),
	/** Any S3-compatible service (MinIO, Ceph, s3proxy, ...): the endpoint is required. */
	S3_COMPATIBLE("s3-compatible");

	private final String id;

	StorageProvider(String id) {
		this.id = id;
	}

	/** @return the name used in the API and the database, e.g. {@code s3-compatible} */
	public String id() {
		return this.id;
	}

	/**
	 * @param id {@code s3}, {@code spaces} or {@code s3-compatible}
	 * @return the provider, or empty for any other text
	 */
	public static Optional<StorageProvider> of(String id) {
		return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
	}

}
