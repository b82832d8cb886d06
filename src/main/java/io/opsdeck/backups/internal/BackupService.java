package io.opsdeck.backups.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.opsdeck.backups.BackupLayout;
import io.opsdeck.backups.BackupStorageException;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.BackupTransfer;
import io.opsdeck.backups.Backups;
import io.opsdeck.backups.BackupStorageException.Reason;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.NotFoundException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.stereotype.Service;

/**
 * {@link Backups} on the environment's object storage: lists with the {@code ListObjectsV2} paginator, groups the
 * keys into backup folders, reads each manifest (through {@link ManifestCache}, keyed by ETag) and judges the
 * backup with {@link BackupVerifier}. Presigning is in {@link BackupPresigning}.
 */
@Service
public class BackupService implements Backups {

	private final BackupStorageService storage;

	private final Inventory inventory;

	private final S3Access access;

	private final ManifestCache manifests;

	private final BackupPresigning presigning;

	BackupService(BackupStorageService storage, Inventory inventory, S3Access access, ManifestCache manifests,
			BackupPresigning presigning) {
		this.storage = storage;
		this.inventory = inventory;
		this.access = access;
		this.manifests = manifests;
		this.presigning = presigning;
	}

	@Override
	public boolean configured(String environment) {
		return storage.settings(environment).isPresent();
	}

	@Override
	public List<BackupSummary> list(String environment) {
		StorageSettings settings = settings(environment);
		return found(settings, settings.keyPrefix()).stream().map(Found::summary).toList();
	}

	@Override
	public Optional<BackupSummary> find(String environment, String timestamp) {
		return findIn(settings(environment), timestamp).map(Found::summary);
	}

	@Override
	public BackupTransfer presignDownload(String environment, String timestamp, Duration validity) {
		StorageSettings settings = settings(environment);
		Found backup = findIn(settings, timestamp)
			.orElseThrow(() -> new NotFoundException("backup", environment + "/" + timestamp));
		return presigning.download(settings, backup.folder(), validity);
	}

	@Override
	public BackupTransfer presignUpload(String environment, String timestamp, Duration validity) {
		return presigning.upload(settings(environment), timestamp, validity);
	}

	/**
	 * Lists the first page of objects under the prefix: proves the endpoint answers, the credentials are accepted
	 * and the bucket exists.
	 * @param environment environment name
	 * @return how many objects the first page held (at most 1,000)
	 * @throws BackupStorageException saying what failed
	 */
	public int test(String environment) {
		StorageSettings settings = settings(environment);
		try (S3Client client = access.client(settings)) {
			return client
				.listObjectsV2(ListObjectsV2Request.builder()
					.bucket(settings.bucket())
					.prefix(settings.keyPrefix())
					.maxKeys(1000)
					.build())
				.keyCount();
		}
		catch (SdkException ex) {
			throw StorageErrors.translate(settings, "listing bucket '" + settings.bucket() + "'", ex);
		}
	}

	/**
	 * @param environment environment name
	 * @return its storage settings with the secret
	 * @throws NotFoundException when the environment does not exist
	 * @throws ConflictException when it has no storage configured
	 */
	StorageSettings settings(String environment) {
		if (inventory.findEnvironment(environment).isEmpty()) {
			throw new NotFoundException("environment", environment);
		}
		return storage.settings(environment)
			.orElseThrow(() -> new ConflictException("environment '" + environment
					+ "' has no backup storage configured: PUT /api/v1/environments/" + environment
					+ "/backup-storage first"));
	}

	private Optional<Found> findIn(StorageSettings settings, String timestamp) {
		if (BackupLayout.parse(timestamp).isEmpty()) {
			return Optional.empty();
		}
		return found(settings, BackupLayout.folderKey(settings.prefix(), timestamp)).stream().findFirst();
	}

	private List<Found> found(StorageSettings settings, String listPrefix) {
		Instant now = Instant.now();
		try (S3Client client = access.client(settings)) {
			List<ListedObject> listed = new ArrayList<>();
			ListObjectsV2Request request = ListObjectsV2Request.builder()
				.bucket(settings.bucket())
				.prefix(listPrefix)
				.build();
			for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
				listed.add(new ListedObject(object.key(), object.size(), object.eTag()));
			}
			List<Found> found = new ArrayList<>();
			for (BackupFolder folder : BackupFolder.group(settings.prefix(), listed)) {
				found.add(new Found(folder, BackupVerifier.summarise(folder, manifest(client, settings, folder), now)));
			}
			return found;
		}
		catch (SdkException ex) {
			throw StorageErrors.translate(settings, "listing bucket '" + settings.bucket() + "'", ex);
		}
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
		ManifestOutcome outcome;
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

	/** A listed folder and what was made of it. */
	private record Found(BackupFolder folder, BackupSummary summary) {
	}

}
