package io.opsdeck.backups;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The backup layout in object storage (docs/design/drills-contract.md): {@code <prefix>/<timestamp>/db.dump},
 * {@code media.tar.gz} and {@code manifest.json}, the timestamp being UTC {@code yyyy-MM-dd-HHmmss} (seed:
 * {@code BACKUP_TIMESTAMP=2025-11-07-120000}).
 */
public final class BackupLayout {

	/** The database dump, {@code pg_dump -Fc}. */
	public static final String DATABASE = "db.dump";

	/** The media directory's contents, tar + gzip. */
	public static final String MEDIA = "media.tar.gz";

	/** Checksums, sizes and row counts; written last, so its presence marks a complete backup. */
	public static final String MANIFEST = "manifest.json";

	/**
	 * How a {@link BackupSummary} finding about a manifest that exists but cannot be used begins; the reason follows,
	 * e.g. {@code manifest.json cannot be used: it is not valid JSON}.
	 */
	public static final String UNUSABLE_MANIFEST = MANIFEST + " cannot be used: ";

	private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}-\\d{6}");

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd-HHmmss")
		.withResolverStyle(ResolverStyle.STRICT);

	private BackupLayout() {
	}

	/**
	 * @param instant a moment
	 * @return its UTC timestamp, to the second, e.g. {@code 2025-11-07-120000}
	 */
	public static String timestamp(Instant instant) {
		return FORMAT.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
	}

	/**
	 * @param timestamp text that may be a backup timestamp
	 * @return the instant it names, or empty when it is not a valid {@code yyyy-MM-dd-HHmmss} date and time
	 */
	public static Optional<Instant> parse(String timestamp) {
		if (timestamp == null || !SHAPE.matcher(timestamp).matches()) {
			return Optional.empty();
		}
		try {
			return Optional.of(LocalDateTime.parse(timestamp, FORMAT).toInstant(ZoneOffset.UTC));
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	/**
	 * @param prefix the storage prefix without leading or trailing slash, possibly empty
	 * @param timestamp the backup's timestamp
	 * @return the backup's folder, {@code <prefix>/<timestamp>/}, or {@code <timestamp>/} for an empty prefix
	 */
	public static String folderKey(String prefix, String timestamp) {
		return prefix.isEmpty() ? timestamp + "/" : prefix + "/" + timestamp + "/";
	}

}
