package io.opsdeck.backups.internal;

import java.net.URI;
import java.time.Duration;

import io.opsdeck.backups.BackupLayout;
import io.opsdeck.backups.BackupTransfer;
import io.opsdeck.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.stereotype.Component;

/**
 * Presigned GET and PUT URLs (SigV4 query signing, made locally with {@link S3Presigner}): the only way a target
 * server touches the storage, so it never holds the storage credentials. The URLs are secrets until they expire.
 */
@Component
class BackupPresigning {

	/** SigV4 presigned URLs work for at most seven days. */
	static final Duration MAX_VALIDITY = Duration.ofDays(7);

	private final S3Access access;

	BackupPresigning(S3Access access) {
		this.access = access;
	}

	/**
	 * @param folder a listed backup folder (it holds {@code db.dump})
	 * @return GET URLs of the backup's objects; media and manifest are {@code null} when absent
	 * @throws IllegalArgumentException when {@code validity} is not between 1 second and 7 days
	 */
	BackupTransfer download(StorageSettings settings, BackupFolder folder, Duration validity) {
		check(validity);
		try (S3Presigner presigner = access.presigner(settings)) {
			return new BackupTransfer(folder.timestamp(), folder.folderKey(),
					get(presigner, settings, folder, BackupLayout.DATABASE, validity),
					get(presigner, settings, folder, BackupLayout.MEDIA, validity),
					get(presigner, settings, folder, BackupLayout.MANIFEST, validity));
		}
	}

	/**
	 * @return PUT URLs for the three objects of a new backup
	 * @throws InvalidInputException (field {@code timestamp}) when the timestamp is malformed
	 * @throws IllegalArgumentException when {@code validity} is not between 1 second and 7 days
	 */
	BackupTransfer upload(StorageSettings settings, String timestamp, Duration validity) {
		check(validity);
		if (BackupLayout.parse(timestamp).isEmpty()) {
			throw new InvalidInputException("timestamp", "a backup timestamp is UTC yyyy-MM-dd-HHmmss, e.g. 2025-11-07-120000");
		}
		String folder = BackupLayout.folderKey(settings.prefix(), timestamp);
		try (S3Presigner presigner = access.presigner(settings)) {
			return new BackupTransfer(timestamp, folder, put(presigner, settings, folder + BackupLayout.DATABASE, validity),
					put(presigner, settings, folder + BackupLayout.MEDIA, validity),
					put(presigner, settings, folder + BackupLayout.MANIFEST, validity));
		}
	}

	private static @Nullable URI get(S3Presigner presigner, StorageSettings settings, BackupFolder folder,
			String name, Duration validity) {
		ListedObject object = folder.object(name);
		if (object == null) {
			return null;
		}
		GetObjectRequest request = GetObjectRequest.builder().bucket(settings.bucket()).key(object.key()).build();
		return toUri(presigner.presignGetObject(p -> p.signatureDuration(validity).getObjectRequest(request)).url());
	}

	private static URI put(S3Presigner presigner, StorageSettings settings, String key, Duration validity) {
		PutObjectRequest request = PutObjectRequest.builder().bucket(settings.bucket()).key(key).build();
		return toUri(presigner.presignPutObject(p -> p.signatureDuration(validity).putObjectRequest(request)).url());
	}

	private static URI toUri(java.net.URL url) {
		try {
			return url.toURI();
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException("the SDK presigned an invalid URL", ex);
		}
	}

	private static void check(Duration validity) {
		if (validity.compareTo(Duration.ofSeconds(1)) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
			throw new IllegalArgumentException("presigned URLs are valid for 1 second to 7 days, not " + validity);
		}
	}

}
