package io.opsdeck.backups.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.opsdeck.approvals.Approvals;
import io.opsdeck.approvals.ApprovedLaunch;
import io.opsdeck.backups.BackupCheck;
import io.opsdeck.backups.BackupCleanup;
import io.opsdeck.backups.BackupLayout;
import io.opsdeck.backups.BackupStorageException;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.BackupTransfer;
import io.opsdeck.backups.Backups;
import io.opsdeck.identity.Actor;
import io.opsdeck.inventory.EnvironmentSummary;
import io.opsdeck.inventory.Inventory;
import io.opsdeck.shared.ConflictException;
import io.opsdeck.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

import org.springframework.stereotype.Service;

/**
 * {@link Backups} on the environment's object storage: resolves the environment's settings and hands the work on.
 * Listing is in {@link BackupCatalog}, presigning in {@link BackupPresigning}, "verify newest" in
 * {@link NewestBackupCheck} and retention cleanup in {@link BackupCleaner}.
 */
@Service
public class BackupService implements Backups {

	private final BackupStorageService storage;

	private final Inventory inventory;

	private final S3Access access;

	private final BackupCatalog catalog;

	private final BackupPresigning presigning;

	private final NewestBackupCheck verification;

	private final BackupCleaner cleaner;

	private final Approvals approvals;

	BackupService(BackupStorageService storage, Inventory inventory, S3Access access, BackupCatalog catalog,
			BackupPresigning presigning, NewestBackupCheck verification, BackupCleaner cleaner, Approvals approvals) {
		this.approvals = approvals;
		this.storage = storage;
		this.inventory = inventory;
		this.access = access;
		this.catalog = catalog;
		this.presigning = presigning;
		this.verification = verification;
		this.cleaner = cleaner;
	}

	@Override
	public boolean configured(String environment) {
		return storage.settings(environment).isPresent();
	}

	@Override
	public List<BackupSummary> list(String environment) {
		StorageSettings settings = settings(environment);
		return found(settings, settings.keyPrefix()).stream().map(BackupCatalog.Entry::summary).toList();
	}

	@Override
	public Optional<BackupSummary> find(String environment, String timestamp) {
		return findIn(settings(environment), timestamp).map(BackupCatalog.Entry::summary);
	}

	@Override
	public BackupTransfer presignDownload(String environment, String timestamp, Duration validity) {
		StorageSettings settings = settings(environment);
		BackupCatalog.Entry backup = findIn(settings, timestamp)
			.orElseThrow(() -> new NotFoundException("backup", environment + "/" + timestamp));
		return presigning.download(settings, backup.folder(), validity);
	}

	@Override
	public BackupTransfer presignUpload(String environment, String timestamp, Duration validity) {
		return presigning.upload(settings(environment), timestamp, validity);
	}

	@Override
	public BackupCheck verifyNewest(String environment, Duration maxAge) {
		StorageSettings settings = settings(environment);
		BackupRules.checkMaxAge(maxAge);
		return verification.check(settings, environment, maxAge);
	}

	@Override
	public BackupCleanup cleanup(String environment, Duration retention, int keepNewest, boolean dryRun,
			Actor actor) {
		return cleanup(environment, retention, keepNewest, dryRun, actor, null);
	}

	/**
	 * {@link #cleanup(String, Duration, int, boolean, Actor)}, or the cleanup of an approved request: no gate and no
	 * production rule (the approval by a second ADMIN replaces it).
	 */
	BackupCleanup cleanup(String environment, Duration retention, int keepNewest, boolean dryRun, Actor actor,
			@Nullable ApprovedLaunch approved) {
		StorageSettings settings = settings(environment);
		BackupRules.checkRetention(retention, keepNewest);
		if (!dryRun && approved == null) {
			java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>();
			payload.put("retentionDays", (int) retention.toDays());
			payload.put("keepNewest", keepNewest);
			approvals.gate(Approvals.BACKUP_CLEANUP, environment, actor, payload, "Delete backups of " + environment
					+ " older than " + retention.toDays() + " days, keeping the newest " + keepNewest);
		}
		if (!dryRun && approved == null) {
			String kind = inventory.findEnvironment(environment).map(EnvironmentSummary::kind).orElse("");
			BackupRules.checkMayDelete(environment, kind, actor);
		}
		return cleaner.cleanup(settings, environment, retention, keepNewest, dryRun, actor);
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

	private Optional<BackupCatalog.Entry> findIn(StorageSettings settings, String timestamp) {
		if (BackupLayout.parse(timestamp).isEmpty()) {
			return Optional.empty();
		}
		return found(settings, BackupLayout.folderKey(settings.prefix(), timestamp)).stream().findFirst();
	}

	private List<BackupCatalog.Entry> found(StorageSettings settings, String listPrefix) {
		try (S3Client client = access.client(settings)) {
			return catalog.read(client, settings, listPrefix).backups();
		}
		catch (SdkException ex) {
			throw StorageErrors.translate(settings, "listing bucket '" + settings.bucket() + "'", ex);
		}
	}

}
