package io.opsdeck.backups.web;

import java.util.List;

import io.opsdeck.backups.BackupCleanup;

/**
 * A retention cleanup (or its dry run) made readable for the backups page.
 *
 * @param result the cleanup as the service returned it
 * @param rows one per backup deleted (or to delete), newest first
 * @param totalSize e.g. {@code 1.2 GiB}
 * @param timestamps the backups' timestamps, for the confirm form: the real run must match what was shown
 */
record CleanupView(BackupCleanup result, List<Row> rows, String totalSize, List<String> timestamps) {

	static CleanupView of(BackupCleanup result) {
		List<Row> rows = result.deleted()
			.stream()
			.map(r -> new Row(r.timestamp(), BackupRow.age(r.ageSeconds()), BackupRow.size(r.sizeBytes()), r.sizeBytes(),
					r.objects(), r.verified()))
			.toList();
		return new CleanupView(result, rows, BackupRow.size(result.deletedBytes()),
				result.deleted().stream().map(BackupCleanup.Removed::timestamp).toList());
	}

	/**
	 * @param timestamp folder name
	 * @param age e.g. {@code 41 d 3 h}
	 * @param size e.g. {@code 61.4 MiB}
	 * @param sizeBytes bytes
	 * @param objects objects in the folder
	 * @param verified whether the listing verified it
	 */
	record Row(String timestamp, String age, String size, long sizeBytes, int objects, boolean verified) {
	}

}
