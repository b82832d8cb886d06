package io.opsdeck.backups.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.opsdeck.backups.BackupSummary;

/**
 * One line of the backups table, with age and size made readable.
 *
 * @param timestamp UTC {@code yyyy-MM-dd-HHmmss}
 * @param takenAt the timestamp as an instant
 * @param age e.g. {@code 3 h 12 min}
 * @param size e.g. {@code 61.4 MiB}
 * @param sizeBytes bytes, for the title attribute
 * @param media whether the backup has media
 * @param manifest whether the manifest was read
 * @param verified whether it verifies
 * @param findings what is wrong
 */
record BackupRow(String timestamp, Instant takenAt, String age, String size, long sizeBytes, boolean media,
		boolean manifest, boolean verified, List<String> findings) {

	static BackupRow of(BackupSummary summary) {
		return new BackupRow(summary.timestamp(), summary.takenAt(), age(summary.ageSeconds()),
				size(summary.sizeBytes()), summary.sizeBytes(), summary.media() != null, summary.manifest() != null,
				summary.verified(), summary.findings());
	}

	/** @return e.g. {@code 45 s}, {@code 12 min}, {@code 3 h 12 min}, {@code 4 d 2 h} */
	static String age(long seconds) {
		if (seconds < 60) {
			return seconds + " s";
		}
		long minutes = seconds / 60;
		if (minutes < 60) {
			return minutes + " min";
		}
		long hours = minutes / 60;
		if (hours < 24) {
			return hours + " h " + (minutes % 60) + " min";
		}
		return (hours / 24) + " d " + (hours % 24) + " h";
	}

	/** @return bytes in binary units, e.g. {@code 512 B}, {@code 1.5 KiB}, {@code 61.4 MiB} */
	static String size(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		String[] units = { "KiB", "MiB", "GiB", "TiB", "PiB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
	}

}
