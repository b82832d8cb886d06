package io.opsdeck.backups.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opsdeck.backups.BackupCleanup;
import io.opsdeck.backups.BackupLayout;
import io.opsdeck.backups.BackupStorageException;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.identity.Actor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

import org.springframework.stereotype.Component;

/**
 * Carries out a retention cleanup: lists the environment's storage once, decides with {@link RetentionPlan}, and
 * (unless it is a dry run) deletes each doomed backup's whole folder with {@code DeleteObjects}, at most
 * {@value #BATCH} keys a request. A storage that refuses {@code DeleteObjects} as malformed or unsupported (some
 * S3-compatible services reject the SDK's checksum headers on it) gets one {@code DeleteObject} per key instead,
 * in the same order.
 * <p>
 * <b>Order.</b> Deletion goes in four rounds over all doomed backups: every {@code manifest.json} first, then
 * every other object ({@code media.tar.gz}, anything deeper), then every {@code db.dump}, then the folder markers.
 * The manifest is written last when a backup is made, so its presence says "complete": removing it first means a
 * backup half-deleted by an interruption never looks complete or verified. {@code db.dump} goes last because a
 * folder is a backup as long as it holds one: an interrupted cleanup leaves a folder that lists as an unverified
 * backup ("manifest.json is missing"), and the next cleanup finds and finishes it, where deleting it early would
 * leave orphans no listing shows. A backup with a key the storage refused to delete is left out of later rounds, so
 * its {@code db.dump} is never removed before its manifest.
 */
@Component
class BackupCleaner {

	/** {@code DeleteObjects} takes at most 1,000 keys. */
	static final int BATCH = 1000;

	private static final Logger log = LoggerFactory.getLogger(BackupCleaner.class);

	private final S3Access access;

	private final BackupCatalog catalog;

	BackupCleaner(S3Access access, BackupCatalog catalog) {
		this.access = access;
		this.catalog = catalog;
	}

	/**
	 * @param settings the environment's storage
	 * @param environment environment name
	 * @param retention age above which a backup may go (already validated)
	 * @param keepNewest how many newest backups stay (already validated)
	 * @param dryRun list only
	 * @param actor who asked, for the result and the log
	 * @return what was deleted and kept
	 * @throws BackupStorageException when listing fails, or a delete request fails as a whole
	 */
	BackupCleanup cleanup(StorageSettings settings, String environment, Duration retention, int keepNewest,
			boolean dryRun, Actor actor) {
		Instant startedAt = Instant.now();
		Instant cutoff = startedAt.minus(retention);
		try (S3Client client = access.client(settings)) {
			BackupCatalog.Listing listing = catalog.read(client, settings, settings.keyPrefix());
			RetentionPlan plan = RetentionPlan.of(listing.backups().stream().map(BackupCatalog.Entry::summary).toList(),
					startedAt, cutoff, keepNewest);
			Map<String, BackupFolder> folders = new HashMap<>();
			listing.backups().forEach(entry -> folders.put(entry.folder().timestamp(), entry.folder()));
			Map<String, List<ListedObject>> doomed = new LinkedHashMap<>();
			for (BackupSummary backup : plan.delete()) {
				doomed.put(backup.timestamp(), listing.objectsUnder(folders.get(backup.timestamp())));
			}
			Map<String, String> failed = dryRun ? Map.of() : delete(client, settings, doomed);
			List<BackupCleanup.Removed> removed = new ArrayList<>();
			long bytes = 0;
			int objects = 0;
			for (BackupSummary backup : plan.delete()) {
				if (failed.containsKey(backup.timestamp())) {
					continue;
				}
				List<ListedObject> held = doomed.get(backup.timestamp());
				// directory markers ("<folder>/", listed by some services) hold no data of the backup
				List<ListedObject> data = held.stream().filter(o -> !o.key().endsWith("/")).toList();
				long size = data.stream().mapToLong(ListedObject::size).sum();
				int count = data.size();
				removed.add(new BackupCleanup.Removed(backup.timestamp(), backup.takenAt(),
						Math.max(0, Duration.between(backup.takenAt(), startedAt).toSeconds()), size, count,
						backup.verified()));
				bytes += size;
				objects += count;
			}
			List<BackupCleanup.Failed> failures = failed.entrySet()
				.stream()
				.map(e -> new BackupCleanup.Failed(e.getKey(), e.getValue()))
				.toList();
			BackupCleanup result = new BackupCleanup(environment, dryRun, (int) retention.toDays(), keepNewest,
					cutoff, removed, bytes, objects, plan.kept(), plan.kept().size(), failures, actor.display(),
					startedAt);
			log.info("Backup cleanup{} of environment '{}' by {}: {} backups ({} bytes) {}, {} kept, {} failed",
					dryRun ? " (dry run)" : "", environment, actor.display(), removed.size(), bytes,
					dryRun ? "to delete" : "deleted", plan.kept().size(), failures.size());
			return result;
		}
		catch (SdkException ex) {
			throw StorageErrors.translate(settings, "listing bucket '" + settings.bucket() + "'", ex);
		}
	}

	/**
	 * @param doomed the objects of each backup to delete, by timestamp
	 * @return the backups the storage refused to delete completely, with the first reason
	 */
	private Map<String, String> delete(S3Client client, StorageSettings settings,
			Map<String, List<ListedObject>> doomed) {
		Map<String, String> failed = new LinkedHashMap<>();
		boolean batches = true;
		for (Round round : Round.values()) {
			Map<String, String> owner = new LinkedHashMap<>();
			doomed.forEach((timestamp, objects) -> {
				if (!failed.containsKey(timestamp)) {
					String folderKey = BackupLayout.folderKey(settings.prefix(), timestamp);
					objects.stream()
						.map(ListedObject::key)
						.filter(key -> Round.of(key.substring(folderKey.length())) == round)
						.sorted(Comparator.comparing(String::length).reversed())
						.forEach(key -> owner.put(key, timestamp));
				}
			});
			List<String> keys = new ArrayList<>(owner.keySet());
			for (int from = 0; from < keys.size(); from += BATCH) {
				List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
				Map<String, String> refused = batches ? deleteBatch(client, settings, batch, round)
						: deleteOneByOne(client, settings, batch, round);
				if (refused == null) {
					log.warn("The storage at {} refused DeleteObjects; deleting backups of bucket '{}' one object at a "
							+ "time instead", settings.describeEndpoint(), settings.bucket());
					batches = false;
					refused = deleteOneByOne(client, settings, batch, round);
				}
				refused.forEach((key, reason) -> {
					String timestamp = owner.get(key);
					if (timestamp != null) {
						failed.putIfAbsent(timestamp, reason);
					}
				});
			}
		}
		return failed;
	}

	/**
	 * @return the keys the storage refused, with its reason; {@code null} when it refused the batch request itself
	 * as malformed or unsupported (HTTP 400 or 501: some S3-compatible services reject the SDK's checksum headers
	 * on DeleteObjects), so the caller deletes one by one
	 * @throws BackupStorageException when the request failed for another reason
	 */
	private static @Nullable Map<String, String> deleteBatch(S3Client client, StorageSettings settings, List<String> batch,
			Round round) {
		DeleteObjectsResponse response;
		try {
			response = client.deleteObjects(d -> d.bucket(settings.bucket())
				.delete(Delete.builder()
					.quiet(true)
					.objects(batch.stream().map(key -> ObjectIdentifier.builder().key(key).build()).toList())
					.build()));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 400 || ex.statusCode() == 501) {
				return null;
			}
			throw failure(settings, round, ex);
		}
		catch (SdkException ex) {
			throw failure(settings, round, ex);
		}
		Map<String, String> refused = new LinkedHashMap<>();
		for (S3Error error : response.errors()) {
			refused.put(error.key(), error.code() + ": " + error.message() + " (" + error.key() + ")");
		}
		return refused;
	}

	/** Deletes with one {@code DeleteObject} per key; a key the storage refuses (HTTP 4xx) is recorded. */
	private static Map<String, String> deleteOneByOne(S3Client client, StorageSettings settings, List<String> batch,
			Round round) {
		Map<String, String> refused = new LinkedHashMap<>();
		for (String key : batch) {
			try {
				client.deleteObject(d -> d.bucket(settings.bucket()).key(key));
			}
			catch (S3Exception ex) {
				if (ex.statusCode() >= 500) {
					throw failure(settings, round, ex);
				}
				String code = (ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorCode() : null;
				refused.put(key, ((code != null) ? code : "HTTP " + ex.statusCode()) + " (" + key + ")");
			}
			catch (SdkException ex) {
				throw failure(settings, round, ex);
			}
		}
		return refused;
	}

	private static BackupStorageException failure(StorageSettings settings, Round round, SdkException ex) {
		return StorageErrors.translate(settings, "deleting old backups (" + round.describe
				+ "; a later cleanup finishes what this one left)", ex);
	}

	/** The deletion rounds, in order; see the class comment. */
	enum Round {

		MANIFEST("manifests"), OTHER("other objects"), DATABASE("database dumps"), MARKER("folder markers");

		private final String describe;

		Round(String describe) {
			this.describe = describe;
		}

		/**
		 * @param name a key relative to its backup folder, e.g. {@code db.dump}, {@code logs/a.txt}, or empty for
		 * the folder marker itself
		 * @return the round that deletes it
		 */
		static Round of(String name) {
			if (name.isEmpty() || name.endsWith("/")) {
				return MARKER;
			}
			if (name.equals(BackupLayout.MANIFEST)) {
				return MANIFEST;
			}
			if (name.equals(BackupLayout.DATABASE)) {
				return DATABASE;
			}
			return OTHER;
		}

	}

}
