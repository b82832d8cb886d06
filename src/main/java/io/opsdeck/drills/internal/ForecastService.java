package io.opsdeck.drills.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.opsdeck.backups.BackupStorageException;
import io.opsdeck.backups.BackupSummary;
import io.opsdeck.backups.Backups;
import io.opsdeck.drills.DrillStatus;
import io.opsdeck.drills.DrillType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The RTO forecast of an environment ({@link RtoForecast}), from its last full drills that restored and the sizes of
 * its backups (from the storage when it answers, else from the drills' own backups).
 */
@Service
public class ForecastService {

	private static final Logger log = LoggerFactory.getLogger(ForecastService.class);

	/** Steps whose time grows with the backup's size. */
	private static final Set<String> SIZE_STEPS = Set.of("download", "database-restore", "media-restore");

	private final DrillService drills;

	private final DrillSettingsService settings;

	private final Backups backups;

	ForecastService(DrillService drills, DrillSettingsService settings, Backups backups) {
		this.drills = drills;
		this.settings = settings;
		this.backups = backups;
	}

	/**
	 * @param environment environment name
	 * @return the forecast, or {@code null} before the first full drill that restored
	 * @throws io.opsdeck.shared.NotFoundException when the environment does not exist
	 */
	public @Nullable RtoForecast forecast(String environment) {
		return forecast(environment, storedBackups(environment));
	}

	/**
	 * Like {@link #forecast(String)}, for a caller that has just listed the environment's backups (the drills page),
	 * so the storage is not listed twice.
	 * @param environment environment name
	 * @param backups the environment's backups, or an empty list when the storage did not answer
	 * @return the forecast, or {@code null} before the first full drill that restored
	 */
	public @Nullable RtoForecast forecast(String environment, List<BackupSummary> backups) {
		long target = settings.find(environment)
			.map(found -> (long) found.values().rtoTargetSeconds())
			.orElse((long) DrillSettingsValues.DEFAULT_RTO_SECONDS);
		List<DrillDetails> history = drills.finished(environment, 50);
		List<RtoForecast.PastDrill> past = new ArrayList<>();
		List<RtoForecast.BackupPoint> points = new ArrayList<>();
		for (DrillDetails drill : history) {
			points.add(new RtoForecast.BackupPoint(drill.backupTakenAt(), drill.backupSizeBytes()));
			DrillStatus status = drill.results().status();
			if (drill.type() != DrillType.FULL || status == DrillStatus.FAILED) {
				continue;
			}
			double sizeSeconds = drill.results()
				.steps()
				.stream()
				.filter(step -> SIZE_STEPS.contains(step.name()))
				.mapToDouble(DrillResults.Step::durationSeconds)
				.sum();
			double fixed = Math.max(0, drill.results().durationSeconds() - sizeSeconds);
			past.add(new RtoForecast.PastDrill(fixed, sizeSeconds, drill.backupSizeBytes()));
		}
		List<RtoForecast.BackupPoint> stored = backups.stream()
			.filter(b -> b.database() != null)
			.map(ForecastService::point)
			.toList();
		return RtoForecast.compute(past, stored.isEmpty() ? points : stored, target, RtoForecast.today());
	}

	private List<BackupSummary> storedBackups(String environment) {
		try {
			return backups.configured(environment) ? backups.list(environment) : List.of();
		}
		catch (BackupStorageException ex) {
			log.debug("Forecast for {} without the storage's backups: {}", environment, ex.getMessage());
			return List.of();
		}
	}

	private static RtoForecast.BackupPoint point(BackupSummary backup) {
		return new RtoForecast.BackupPoint(backup.takenAt(), backup.sizeBytes());
	}

}
