package io.opsdeck.backups.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.opsdeck.backups.BackupLayout;
import io.opsdeck.backups.BackupStorageException;
import io.opsdeck.backups.BackupStorageException.Reason;
import io.opsdeck.backups.BackupSummary;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.stereotype.Component;

/**
 * Reads what is in an environment's storage: lists every key under a prefix with the {@code ListObjectsV2}
 * paginator (1,000 keys a page), groups the keys into backup folders, reads each manifest (through
 * {@link ManifestCache}, keyed by ETag) and judges each backup with {@link BackupVerifier}. Listing, verification
 * and retention all start here, so they agree on what a backup is.
 */
@Component
class BackupCatalog {

	private final ManifestCache manifests;

	BackupCatalog(ManifestCache manifests) {
		this.manifests = manifests;
	}

	/**
	 * @param client a client for {@code settings}
	 * @param settings the environment's storage
	 * @param listPrefix what to list: {@link StorageSettings#keyPrefix()} for everything, or one folder key
	 * @return every listed object and the backups among them, newest first
	 * @throws BackupStorageException when the storage cannot be listed
	 */
	Listing read(S3Client client, StorageSettings settings, String listPrefix) {
		Instant now = Instant.now();
		try {
			List<ListedObject> listed = new ArrayList<>();
			ListObjectsV2Request request = ListObjectsV2Request.builder()
				.bucket(settings.bucket())
				.prefix(listPrefix)
				.build();
			for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
				listed.add(new ListedObject(object.key(), object.size(), object.eTag()));
			}
			List<Entry> backups = new ArrayList<>();
			for (BackupFolder folder : BackupFolder.group(settings.prefix(), listed)) {
				backups.add(new Entry(folder, BackupVerifier.summarise(folder, manifest(client, settings, folder), now)));
			}
			return new Listing(List.copyOf(listed), List.copyOf(backups), byFolder(settings.keyPrefix(), listed));
		}
		catch (SdkException ex) {
			throw StorageErrors.translate(settings, "listing bucket '" + settings.bucket() + "'", ex);
		}
	}

	private static Map<String, List<ListedObject>> byFolder(String keyPrefix, List<ListedObject> listed) {
		Map<String, List<ListedObject>> folders = new HashMap<>();
		for (ListedObject object : listed) {
			if (!object.key().startsWith(keyPrefix)) {
				continue;
			}
			int slash = object.key().indexOf('/', keyPrefix.length());
			if (slash > keyPrefix.length()) {
				folders.computeIfAbsent(object.key().substring(0, slash + 1), k -> new ArrayList<>()).add(object);
			}
		}
		return folders;
	}

	private ManifestOutcome manifest(S3Client client, StorageSettings settings, BackupFolder folder) {
		ListedObject object = folder.object(BackupLayout.MANIFEST);
		if (object == null) {
			return new ManifestOutcome.Missing();
		}
		if (object.size() > ManifestReader.MAX_BYTES) {
			return new ManifestOutcome.Unusable("it is " + object.size() + " bytes, more than Opsdeck reads ("
					+ ManifestReader.MAX_BYTES + ")");
		}
		Optional<String> cacheKey = ManifestCache.key(settings, object);
		Optional<ManifestOutcome> cached = cacheKey.flatMap(manifests::get);
		if (cached.isPresent()) {
			return cached.get();
		}
		byte[] bytes;
		GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(settings.bucket()).key(object.key());
		try (ResponseInputStream<GetObjectResponse> in = client.getObject(request.build())) {
			bytes = in.readNBytes((int) ManifestReader.MAX_BYTES + 1);
		}
		catch (SdkException ex) {
			BackupStorageException failure = StorageErrors.translate(settings, "reading " + object.key(), ex);
			if (failure.reason() == Reason.UNREACHABLE || failure.reason() == Reason.CREDENTIALS) {
				throw failure;
			}
			return new ManifestOutcome.Unusable(failure.getMessage());
		}
		catch (IOException ex) {
			throw new BackupStorageException(Reason.UNREACHABLE, "reading " + object.key() + " from "
					+ settings.describeEndpoint() + " failed: " + ex.getMessage(), ex);
		}
		if (bytes.length > ManifestReader.MAX_BYTES) {
			return new ManifestOutcome.Unusable("it is larger than Opsdeck reads (" + ManifestReader.MAX_BYTES
					+ " bytes)");
		}
		ManifestOutcome outcome;
		try {
			outcome = new ManifestOutcome.Read(ManifestReader.read(bytes, folder.folderKey()));
		}
		catch (ManifestReader.InvalidManifestException ex) {
			outcome = new ManifestOutcome.Unusable(ex.getMessage());
		}
		ManifestOutcome result = outcome;
		cacheKey.ifPresent(key -> manifests.put(key, result));
		return result;
	}

	/**
	 * What one listing found.
	 *
	 * @param objects every object under the listed prefix, backups or not, in listing order
	 * @param backups the backup folders among them with their summaries, newest first
	 * @param byFolder the listed objects by the first folder below the prefix, {@code <prefix>/<name>/}
	 */
	record Listing(List<ListedObject> objects, List<Entry> backups, Map<String, List<ListedObject>> byFolder) {

		/**
		 * @param folder a backup folder of this listing
		 * @return every listed object whose key starts with the folder's key, deeper ones and a directory marker
		 * ({@code <folder>/}) included
		 */
		List<ListedObject> objectsUnder(BackupFolder folder) {
			return byFolder.getOrDefault(folder.folderKey(), List.of());
		}

	}

	/** A listed backup folder and its summary. */
	record Entry(BackupFolder folder, BackupSummary summary) {
	}

}
