package io.opsdeck.drills.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The RTO forecast (the seed's annual capacity planning): how long the next quarter's drill will take, and when the
 * RTO target would be breached, from past drills and the growth of the backups.
 * <p>
 * Model: a drill's duration is a fixed part (validation, safety backup, application start, health checks, report)
 * plus a part proportional to the backup's size (download, database and media restore). The proportional rate is
 * the mean seconds per byte of the last five restoring drills; the growth is the least-squares slope of backup
 * size over time. Both are shown with the forecast, because a forecast is only as good as what it rests on.
 *
 * @param drills how many drills the rates come from
 * @param fixedSeconds mean fixed part, seconds
 * @param secondsPerGigabyte mean proportional rate, seconds per GB (10^9 bytes)
 * @param currentBytes size of the newest backup, bytes
 * @param growthBytesPerDay backup growth, bytes per day (0 when unknown or shrinking)
 * @param forecastDate the date forecast for (the next quarter, 91 days ahead)
 * @param forecastBytes the backup size expected then, bytes
 * @param forecastSeconds the drill duration expected then, seconds
 * @param rtoTargetSeconds the target, seconds
 * @param breachDate the date the forecast duration reaches the target, or {@code null} when it never does at the
 * current growth
 * @param explanation the same in words
 */
public record RtoForecast(int drills, double fixedSeconds, double secondsPerGigabyte, long currentBytes,
		double growthBytesPerDay, LocalDate forecastDate, long forecastBytes, double forecastSeconds,
		long rtoTargetSeconds, @Nullable LocalDate breachDate, String explanation) {

	private static final double GB = 1e9;

	private static final int HORIZON_DAYS = 91;

	/** A past restoring drill: its fixed and size-dependent seconds and the size of the backup it restored. */
	record PastDrill(double fixedSeconds, double sizeSeconds, long backupBytes) {
	}

	/** A backup: when it was taken and its size. */
	record BackupPoint(Instant takenAt, long bytes) {
	}

	/**
	 * @param drills past restoring drills, newest first
	 * @param backups backups, any order
	 * @param rtoTargetSeconds the target
	 * @param today the date the forecast is made
	 * @return the forecast, or {@code null} without a drill to learn from
	 */
	static @Nullable RtoForecast compute(List<PastDrill> drills, List<BackupPoint> backups, long rtoTargetSeconds,
			LocalDate today) {
		List<PastDrill> usable = drills.stream().filter(d -> d.backupBytes() > 0).limit(5).toList();
		if (usable.isEmpty()) {
			return null;
		}
		double fixed = usable.stream().mapToDouble(PastDrill::fixedSeconds).average().orElse(0);
		double perByte = usable.stream().mapToDouble(d -> d.sizeSeconds() / d.backupBytes()).average().orElse(0);
		long current = backups.stream()
			.max(java.util.Comparator.comparing(BackupPoint::takenAt))
			.map(BackupPoint::bytes)
			.orElse(usable.get(0).backupBytes());
		double growth = Math.max(0, slopePerDay(backups));
		LocalDate date = today.plusDays(HORIZON_DAYS);
		long forecastBytes = Math.round(current + growth * HORIZON_DAYS);
		double forecast = fixed + perByte * forecastBytes;
		LocalDate breach = null;
		double now = fixed + perByte * current;
		if (now >= rtoTargetSeconds) {
			breach = today;
		}
		else if (growth > 0 && perByte > 0) {
			double days = (rtoTargetSeconds - now) / (perByte * growth);
			if (days < 365 * 20) {
				breach = today.plusDays((long) Math.ceil(days));
			}
		}
		String explanation = String.format(Locale.ROOT,
				"From %d drill(s): %.0f s fixed plus %.0f s per GB restored. The newest backup is %.2f GB and grows "
						+ "%.1f MB a day, so by %s it should be %.2f GB and a drill should take %s (target %s). %s",
				usable.size(), fixed, perByte * GB, current / GB, growth / 1e6, date, forecastBytes / GB,
				Recommendations.minutes(forecast), Recommendations.minutes(rtoTargetSeconds),
				(breach == null) ? "At this growth the target is not reached."
						: breach.equals(today) ? "The target is already exceeded."
								: "At this growth the target would be breached around " + breach + ".");
		return new RtoForecast(usable.size(), fixed, perByte * GB, current, growth, date, forecastBytes, forecast,
				rtoTargetSeconds, breach, explanation);
	}

	/** @return least-squares slope of size over time, bytes per day; 0 with fewer than two points a day apart */
	static double slopePerDay(List<BackupPoint> backups) {
		if (backups.size() < 2) {
			return 0;
		}
		Instant first = backups.stream().map(BackupPoint::takenAt).min(Instant::compareTo).orElseThrow();
		double n = backups.size();
		double sumX = 0;
		double sumY = 0;
		double sumXY = 0;
		double sumXX = 0;
		for (BackupPoint point : backups) {
			double x = Duration.between(first, point.takenAt()).toSeconds() / 86400.0;
			double y = point.bytes();
			sumX += x;
			sumY += y;
			sumXY += x * y;
			sumXX += x * x;
		}
		double denominator = n * sumXX - sumX * sumX;
		if (denominator < 1e-9 || (sumXX / n - (sumX / n) * (sumX / n)) < 0.25) {
			return 0;
		}
		return (n * sumXY - sumX * sumY) / denominator;
	}

	static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

}
