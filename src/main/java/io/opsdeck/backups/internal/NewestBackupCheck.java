package io.opsdeck.backups.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.opsdeck.backups.BackupCheck;
import io.opsdeck.backups.BackupLayout;
import io.opsdeck.backups.BackupCheck.ObjectCheck;
import io.opsdeck.backups.BackupCheck.Status;
import io.opsdeck.backups.BackupObject;
import io.opsdeck.backups.BackupStorageException;
import io.opsdeck.backups.BackupStorageException.Reason;
import io.opsdeck.backups.BackupSummary;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import org.springframework.stereotype.Component;

/**
 * "Verify completion" (seed, weekly maintenance checklist): lists the environment's backups, takes the newest whose
 * timestamp is not in the future (a future one is a finding and makes the verdict {@code INVALID}), judges
 * its age and its manifest as the listing does ({@link BackupVerifier}), then downloads every object the manifest
 * lists and compares length and SHA-256 ({@link ObjectDigest}, constant memory). Runs on the caller's thread and
 * takes as long as the download.
 */
@Component
class NewestBackupCheck {

	private final S3Access access;

	private final BackupCatalog catalog;

	private final BackupsProperties properties;

	NewestBackupCheck(S3Access access, BackupCatalog catalog, BackupsProperties properties) {
		this.access = access;
		this.catalog = catalog;
		this.properties = properties;
	}

	/**
	 * @param settings the environment's storage
	 * @param environment environment name
	 * @param maxAge the staleness threshold (already validated)
	 * @return the verdict
	 * @throws BackupStorageException when listing fails or a download fails for another reason than a missing key
	 */
	BackupCheck check(StorageSettings settings, String environment, Duration maxAge) {
		Instant checkedAt = Instant.now();
		try (S3Client client = access.client(settings)) {
			List<BackupCatalog.Entry> listed = catalog.read(client, settings, settings.keyPrefix()).backups();
			// a folder timestamp in the future is a finding, never the newest backup (so never fresh)
			List<String> future = new ArrayList<>();
			List<BackupCatalog.Entry> backups = new ArrayList<>();
			for (BackupCatalog.Entry entry : listed) {
				if (entry.summary().inFuture(checkedAt)) {
					future.add(BackupVerifier.futureFinding(entry.summary().timestamp()));
				}
				else {
					backups.add(entry);
				}
			}
			if (backups.isEmpty()) {
				List<String> none = new ArrayList<>(future);
				none.add(0, "no backup under "
						+ (settings.prefix().isEmpty() ? "the bucket root" : settings.keyPrefix()));
				return new BackupCheck(environment, Status.NO_BACKUP, null, null, null, maxAge.toSeconds(), false,
						false, false, 0, List.of(), none, checkedAt);
			}
			BackupCatalog.Entry newest = backups.get(0);
			BackupSummary summary = newest.summary();
			long age = Math.max(0, Duration.between(summary.takenAt(), checkedAt).toSeconds());
			boolean fresh = age <= maxAge.toSeconds();
			List<String> findings = new ArrayList<>(future);
			if (!fresh) {
				findings.add("the newest backup is " + hours(age) + " old, more than the " + hours(maxAge.toSeconds())
						+ " allowed");
			}
			findings.addAll(summary.findings());
			List<ObjectCheck> objects = new ArrayList<>();
			long bytes = 0;
			if (summary.manifest() != null) {
				for (Map.Entry<String, BackupObject> stated : summary.manifest().objects().entrySet()) {
					ObjectCheck checked = checkObject(client, settings, newest.folder(), stated.getKey(),
							stated.getValue(), findings);
					objects.add(checked);
					bytes += (checked.actualSizeBytes() != null) ? checked.actualSizeBytes() : 0;
				}
			}
			boolean checksums = summary.verified() && !objects.isEmpty() && objects.stream().allMatch(ObjectCheck::ok);
			// a backup dated in the future needs a human (wrong clock on the backup server?): never OK
			Status status = (!checksums || !future.isEmpty()) ? Status.INVALID : fresh ? Status.OK : Status.STALE;
			return new BackupCheck(environment, status, summary.timestamp(), summary.takenAt(), age,
					maxAge.toSeconds(), fresh, summary.verified(), checksums, bytes, objects, findings, checkedAt);
		}
		catch (SdkException ex) {
			throw StorageErrors.translate(settings, "listing bucket '" + settings.bucket() + "'", ex);
		}
	}

	private ObjectCheck checkObject(S3Client client, StorageSettings settings, BackupFolder folder, String name,
			BackupObject stated, List<String> findings) {
		if (folder.object(name) == null) {
			// the listing's verdict already says "<name> is missing, manifest.json lists it"
			return new ObjectCheck(name, stated.key(), stated.sizeBytes(), null, stated.sha256(), null, false);
		}
		GetObjectRequest request = GetObjectRequest.builder()
			.bucket(settings.bucket())
			.key(stated.key())
			.overrideConfiguration(o -> o.apiCallTimeout(properties.verifyDownloadTimeout()))
			.build();
		ObjectDigest digest;
		try (ResponseInputStream<GetObjectResponse> in = client.getObject(request)) {
			digest = ObjectDigest.of(in);
		}
		catch (NoSuchKeyException ex) {
			findings.add(name + " disappeared while it was being verified");
			return new ObjectCheck(name, stated.key(), stated.sizeBytes(), null, stated.sha256(), null, false);
		}
		catch (SdkException ex) {
			throw StorageErrors.translate(settings, "downloading " + stated.key(), ex);
		}
		catch (IOException ex) {
			throw new BackupStorageException(Reason.UNREACHABLE, "downloading " + stated.key() + " from "
					+ settings.describeEndpoint() + " failed: " + ex.getMessage(), ex);
		}
		boolean sizeOk = digest.sizeBytes() == stated.sizeBytes();
		boolean shaOk = digest.sha256().equals(stated.sha256());
		if (!sizeOk && folder.object(name).size() == stated.sizeBytes()) {
			// the listing said the size was right: the download disagrees
			findings.add(name + ": downloaded " + digest.sizeBytes() + " bytes, manifest says " + stated.sizeBytes());
		}
		if (!shaOk) {
			findings.add(name + " has sha256 " + digest.sha256() + ", " + BackupLayout.MANIFEST + " says "
					+ stated.sha256());
		}
		return new ObjectCheck(name, stated.key(), stated.sizeBytes(), digest.sizeBytes(), stated.sha256(),
				digest.sha256(), sizeOk && shaOk);
	}

	/** @return e.g. {@code 26 h}, {@code 30 h 5 min}, {@code 45 min} */
	static String hours(long seconds) {
		long h = seconds / 3600;
		long min = (seconds % 3600) / 60;
		if (h == 0) {
			return min + " min";
		}
		return (min == 0) ? h + " h" : h + " h " + min + " min";
	}

}
