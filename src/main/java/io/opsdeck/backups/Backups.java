package io.opsdeck.backups;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

}
