package io.opsdeck.backups.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.opsdeck.backups.BackupLayout;
import io.opsdeck.backups.BackupObject;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * Judges one backup folder against its manifest (docs/design/drills-contract.md): {@code verified} means the
 * manifest is present and parses, and every object it lists exists with the size it states. Everything else that
 * is wrong becomes a finding, and a backup with findings is never verified. Checksums are left to the drill, which
 * downloads the objects.
 */
final class BackupVerifier {

	private BackupVerifier() {
	}

	/**
	 * @param folder the listed folder (it holds {@code db.dump})
	 * @param outcome what became of its manifest
	 * @param now the moment of listing, for {@code ageSeconds}
	 * @return the summary with {@code verified} and {@code findings}
	 */
	static BackupSummary summarise(BackupFolder folder, ManifestOutcome outcome, Instant now) {
		List<String> findings = new ArrayList<>();
		Manifest manifest = null;
		String manifestProblem = null;
		if (outcome instanceof ManifestOutcome.Read read) {
			manifest = read.manifest();
			check(folder, manifest, findings);
		}
		else if (outcome instanceof ManifestOutcome.Unusable unusable) {
			manifestProblem = unusable.reason();
			findings.add(BackupLayout.UNUSABLE_MANIFEST + manifestProblem);
		}
		else {
			findings.add(BackupLayout.MANIFEST + " is missing");
		}
		if (folder.takenAt().isAfter(now.plus(BackupSummary.FUTURE_TOLERANCE))) {
			findings.add(0, futureFinding(folder.timestamp()));
		}
		ListedObject dump = folder.object(BackupLayout.DATABASE);
		ListedObject media = folder.object(BackupLayout.MEDIA);
		ListedObject manifestObject = folder.object(BackupLayout.MANIFEST);
		long size = sizeOf(dump) + sizeOf(media) + sizeOf(manifestObject);
		long age = Math.max(0, Duration.between(folder.takenAt(), now).toSeconds());
		return new BackupSummary(folder.timestamp(), folder.takenAt(), age, size,
				object(dump, manifest, BackupLayout.DATABASE), object(media, manifest, BackupLayout.MEDIA), manifest,
				findings.isEmpty(), findings, manifestProblem);
	}

	/** @return the finding for a folder timestamp more than 5 minutes ahead of the clock */
	static String futureFinding(String timestamp) {
		return "the timestamp " + timestamp + " is in the future (more than "
				+ BackupSummary.FUTURE_TOLERANCE.toMinutes()
				+ " min ahead of Opsdeck's clock): not counted as the newest backup, never deleted by a cleanup";
	}

	private static void check(BackupFolder folder, Manifest manifest, List<String> findings) {
		if (!folder.timestamp().equals(manifest.timestamp())) {
			findings.add(BackupLayout.MANIFEST + " names timestamp " + manifest.timestamp() + ", the folder is "
					+ folder.timestamp());
		}
		if (!manifest.objects().containsKey(BackupLayout.DATABASE)) {
			findings.add(BackupLayout.MANIFEST + " does not list " + BackupLayout.DATABASE);
		}
		if (folder.object(BackupLayout.MEDIA) != null && !manifest.objects().containsKey(BackupLayout.MEDIA)) {
			findings.add(BackupLayout.MEDIA + " is not in " + BackupLayout.MANIFEST);
		}
		for (Map.Entry<String, BackupObject> listed : manifest.objects().entrySet()) {
			ListedObject actual = folder.object(listed.getKey());
			if (actual == null) {
				findings.add(listed.getKey() + " is missing, " + BackupLayout.MANIFEST + " lists it");
			}
			else if (actual.size() != listed.getValue().sizeBytes()) {
				findings.add(listed.getKey() + " is " + actual.size() + " bytes, manifest says "
						+ listed.getValue().sizeBytes());
			}
		}
	}

	private static @Nullable BackupObject object(@Nullable ListedObject listed, @Nullable Manifest manifest,
			String name) {
		if (listed == null) {
			return null;
		}
		BackupObject described = (manifest != null) ? manifest.objects().get(name) : null;
		return new BackupObject(listed.key(), listed.size(), (described != null) ? described.sha256() : null);
	}

	private static long sizeOf(@Nullable ListedObject object) {
		return (object != null) ? object.size() : 0;
	}

}
