package io.opsdeck.backups.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.opsdeck.backups.BackupCleanup.KeepReason;
import io.opsdeck.backups.BackupCleanup.Kept;
import io.opsdeck.backups.BackupLayout;
import io.opsdeck.backups.BackupSummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which backups a retention cleanup deletes, and in which order it deletes their objects. */
class RetentionPlanTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	@Test
	void oldBackupsGoExceptTheNewestOnesAndABackupExactlyAtTheCutoffStays() {
		List<BackupSummary> backups = List.of(backup(1, true), backup(10, true), backup(30, true), backup(31, true),
				backup(45, false), backup(60, true));
		RetentionPlan plan = RetentionPlan.of(backups, NOW, NOW.minus(Duration.ofDays(30)), 1);
		assertThat(plan.delete()).extracting(BackupSummary::timestamp)
			.containsExactly(timestamp(31), timestamp(45), timestamp(60));
		assertThat(plan.kept()).extracting(Kept::reason)
			.containsExactly(KeepReason.NEWEST, KeepReason.WITHIN_RETENTION, KeepReason.WITHIN_RETENTION);
	}

	@Test
	void whenEverythingIsOldTheNewestAndTheNewestVerifiedStay() {
		List<BackupSummary> backups = new ArrayList<>();
		backups.add(backup(100, false));
		backups.add(backup(101, false));
		backups.add(backup(102, false));
		backups.add(backup(103, true));
		backups.add(backup(104, true));
		backups.add(backup(105, true));
		RetentionPlan plan = RetentionPlan.of(backups, NOW, NOW.minus(Duration.ofDays(30)), 2);
		assertThat(plan.kept()).extracting(Kept::timestamp, Kept::reason)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(timestamp(100), KeepReason.NEWEST),
					org.assertj.core.groups.Tuple.tuple(timestamp(101), KeepReason.NEWEST),
					org.assertj.core.groups.Tuple.tuple(timestamp(103), KeepReason.NEWEST_VERIFIED),
					org.assertj.core.groups.Tuple.tuple(timestamp(104), KeepReason.NEWEST_VERIFIED));
		assertThat(plan.delete()).extracting(BackupSummary::timestamp).containsExactly(timestamp(102), timestamp(105));
		assertThat(RetentionPlan.of(List.of(), NOW, NOW, 3).delete()).isEmpty();
		assertThatThrownBy(() -> RetentionPlan.of(backups, NOW, NOW, 0)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aBackupDatedInTheFutureStaysAndIsNeverOneOfTheNewest() {
		Instant ahead = NOW.plus(Duration.ofDays(365));
		BackupSummary future = new BackupSummary(BackupLayout.timestamp(ahead), ahead, 0, 10, null, null, null, true,
				List.of(), null);
		Instant skewed = NOW.plus(Duration.ofMinutes(4));
		BackupSummary withinSkew = new BackupSummary(BackupLayout.timestamp(skewed), skewed, 0, 10, null, null, null,
				true, List.of(), null);
		RetentionPlan plan = RetentionPlan.of(List.of(future, withinSkew, backup(40, true), backup(41, true)), NOW,
				NOW.minus(Duration.ofDays(1)), 1);
		assertThat(plan.kept()).extracting(Kept::timestamp, Kept::reason)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(future.timestamp(), KeepReason.FUTURE_TIMESTAMP),
					org.assertj.core.groups.Tuple.tuple(withinSkew.timestamp(), KeepReason.NEWEST));
		assertThat(plan.delete()).extracting(BackupSummary::timestamp).containsExactly(timestamp(40), timestamp(41));
		assertThat(BackupSummary.newest(List.of(future, withinSkew), NOW)).isEqualTo(withinSkew);
		assertThat(BackupSummary.newest(List.of(future), NOW)).isNull();
	}

	@Test
	void theManifestGoesFirstAndTheDumpLast() {
		assertThat(BackupCleaner.Round.of("manifest.json")).isEqualTo(BackupCleaner.Round.MANIFEST);
		assertThat(BackupCleaner.Round.of("media.tar.gz")).isEqualTo(BackupCleaner.Round.OTHER);
		assertThat(BackupCleaner.Round.of("logs/manifest.json")).isEqualTo(BackupCleaner.Round.OTHER);
		assertThat(BackupCleaner.Round.of("db.dump")).isEqualTo(BackupCleaner.Round.DATABASE);
		assertThat(BackupCleaner.Round.of("")).isEqualTo(BackupCleaner.Round.MARKER);
		assertThat(BackupCleaner.Round.of("logs/")).isEqualTo(BackupCleaner.Round.MARKER);
		assertThat(BackupCleaner.Round.values()).containsExactly(BackupCleaner.Round.MANIFEST,
				BackupCleaner.Round.OTHER, BackupCleaner.Round.DATABASE, BackupCleaner.Round.MARKER);
	}

	@Test
	void hoursReadLikeAThreshold() {
		assertThat(NewestBackupCheck.hours(26 * 3600)).isEqualTo("26 h");
		assertThat(NewestBackupCheck.hours(30 * 3600 + 5 * 60 + 7)).isEqualTo("30 h 5 min");
		assertThat(NewestBackupCheck.hours(45 * 60)).isEqualTo("45 min");
	}

	private static String timestamp(int daysAgo) {
		return BackupLayout.timestamp(NOW.minus(Duration.ofDays(daysAgo)));
	}

	private static BackupSummary backup(int daysAgo, boolean verified) {
		Instant takenAt = NOW.minus(Duration.ofDays(daysAgo));
		return new BackupSummary(BackupLayout.timestamp(takenAt), takenAt, Duration.ofDays(daysAgo).toSeconds(), 10,
				null, null, null, verified, verified ? List.of() : List.of("manifest.json is missing"), null);
	}

}
