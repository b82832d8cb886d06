package io.opsdeck.backups;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.opsdeck.identity.Actor;

/**
 * The backups module's API for other modules (drills, the dashboard): an environment's backups in object storage
 * (AWS S3, DigitalOcean Spaces or any S3-compatible service) in the layout of docs/design/drills-contract.md, and
 * presigned URLs so that servers never hold storage credentials. Nothing here is cached beyond a few seconds:
 * every call reads the storage settings and the bucket again.
 */
public interface Backups {

	/**
	 * @param environment environment name
	 * @return whether the environment has backup storage configured (false for an unknown environment)
	 */
	boolean configured(String environment);

	/**
	 * Lists every backup, paging through any number of objects ({@code ListObjectsV2}, 1,000 keys a page), and reads
	 * each backup's manifest to compute {@code verified} and {@code findings}.
	 * @param environment environment name
	 * @return the backups, newest first
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws io.opsdeck.shared.ConflictException when it has no backup storage configured
	 * @throws BackupStorageException when the storage cannot be reached or refuses the request
	 */
	List<BackupSummary> list(String environment);

	/**
	 * @param environment environment name
	 * @param timestamp backup timestamp, {@code yyyy-MM-dd-HHmmss}
	 * @return the backup, or empty when there is none with a {@code db.dump} at that timestamp (or the timestamp
	 * is malformed)
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws io.opsdeck.shared.ConflictException when it has no backup storage configured
	 * @throws BackupStorageException when the storage cannot be reached or refuses the request
	 */
	Optional<BackupSummary> find(String environment, String timestamp);

	/**
	 * @param environment environment name
	 * @param timestamp backup timestamp, {@code yyyy-MM-dd-HHmmss}
	 * @param validity how long the URLs work: 1 second to 7 days (the SigV4 maximum)
	 * @return presigned GET URLs of the backup's objects; {@code media} and {@code manifest} are {@code null} when
	 * those objects are absent
	 * @throws io.opsdeck.shared.NotFoundException when the environment or the backup does not exist
	 * @throws io.opsdeck.shared.ConflictException when the environment has no backup storage configured
	 * @throws IllegalArgumentException when {@code validity} is out of range
	 * @throws BackupStorageException when the storage cannot be reached or refuses the request
	 */
	BackupTransfer presignDownload(String environment, String timestamp, Duration validity);

	/**
	 * Presigns without contacting the storage: the URLs work once the playbook uses them.
	 * @param environment environment name
	 * @param timestamp timestamp of the new backup, {@code yyyy-MM-dd-HHmmss}
	 * @param validity how long the URLs work: 1 second to 7 days (the SigV4 maximum)
	 * @return presigned PUT URLs for {@code db.dump}, {@code media.tar.gz} and {@code manifest.json}
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws io.opsdeck.shared.ConflictException when it has no backup storage configured
	 * @throws io.opsdeck.shared.InvalidInputException (field {@code timestamp}) when the timestamp is malformed
	 * @throws IllegalArgumentException when {@code validity} is out of range
	 */
	BackupTransfer presignUpload(String environment, String timestamp, Duration validity);

	/**
	 * "Verify completion" (seed, weekly maintenance checklist): judges the newest backup's age against
	 * {@code maxAge} and downloads every object its manifest lists, streaming (never whole into memory), to compare
	 * size and SHA-256 with the manifest. Takes as long as downloading the backup takes.
	 * @param environment environment name
	 * @param maxAge the age above which the newest backup is stale (seed: 26 h); 1 minute to 366 days
	 * @return the verdict; problems of the backup itself are findings, not exceptions
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws io.opsdeck.shared.ConflictException when it has no backup storage configured
	 * @throws io.opsdeck.shared.InvalidInputException (field {@code maxAgeHours}) when {@code maxAge} is out of range
	 * @throws BackupStorageException when the storage cannot be listed or a download fails for another reason than
	 * a missing object
	 */
	BackupCheck verifyNewest(String environment, Duration maxAge);

	/**
	 * Retention cleanup (seed: "Cleanup Old Backups", 30 days): deletes every backup whose folder timestamp is older
	 * than {@code retention}, except the newest {@code keepNewest} backups and the newest {@code keepNewest}
	 * verified backups, which stay whatever their age. A backup is deleted whole (every object under
	 * {@code <prefix>/<timestamp>/}), {@code manifest.json} first and {@code db.dump} last (docs/backups.md), with
	 * {@code DeleteObjects} in batches of at most 1,000 keys. Objects that are not in a backup folder are never
	 * touched. A dry run computes the same plan and deletes nothing.
	 * @param environment environment name
	 * @param retention age above which a backup may go: 1 to 3,650 days
	 * @param keepNewest how many of the newest backups always stay: 1 to 1,000 (default 3)
	 * @param dryRun list only
	 * @param actor who asked; a real run on a {@code production} environment needs an {@code ADMIN} or a schedule
	 * @return what was (or would be) deleted and kept
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 * @throws io.opsdeck.shared.ConflictException when it has no backup storage configured
	 * @throws io.opsdeck.shared.InvalidInputException (fields {@code retentionDays}, {@code keepNewest}) when out of
	 * range
	 * @throws org.springframework.security.access.AccessDeniedException when the actor may not delete (a real run
	 * by a VIEWER, or on production by anyone but an ADMIN or a schedule)
	 * @throws BackupStorageException when the storage cannot be listed or a delete request fails as a whole (what
	 * was deleted before stays deleted; the message says how far it got)
	 */
	BackupCleanup cleanup(String environment, Duration retention, int keepNewest, boolean dryRun, Actor actor);

}
